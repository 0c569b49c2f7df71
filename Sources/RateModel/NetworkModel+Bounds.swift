/// Checking a model against `ModelBounds`.
extension NetworkModel {
    /// One value of the model outside `ModelBounds`: where it is and what is wrong.
    public struct BoundViolation: Sendable, Hashable {
        /// The entry holding the value.
        public enum Site: Sendable, Hashable {
            case horizon
            /// `compartments[i].initial`.
            case compartment(Int)
            /// `flows[i].rate` (or its `half_life`).
            case flow(Int)
            /// `divisions[i].rate`.
            case division(Int)
            /// `inflows[i].rate`.
            case inflow(Int)
            /// `boluses[i].cells`.
            case bolus(Int)
        }

        public let site: Site
        /// What is out of bounds, the accepted range and how to fix it.
        public let message: String
    }

    /// Every value outside `ModelBounds`, in the order of the model's lists
    /// (empty for a model every engine can run without overflow).
    ///
    /// Checked: the horizon; each per-cell rate (flows, divisions) and each
    /// inflow rate; each inflow's expected arrivals (`rate × window`, summed
    /// per compartment); each initial count and bolus, and their running
    /// total. Complexity O(number of entries).
    public func boundViolations() -> [BoundViolation] {
        var found: [BoundViolation] = []
        func days(_ x: Double) -> String { "\(x) days" }
        if horizon > ModelBounds.horizonDays {
            found.append(.init(site: .horizon, message: "the horizon (\(days(horizon))) is longer than 10,000 years "
                + "(\(days(ModelBounds.horizonDays))), the longest accepted; shorten it"))
        }
        func name(_ i: Int) -> String { compartments.indices.contains(i) ? "'\(compartments[i].name)'" : "#\(i)" }
        for (i, f) in flows.enumerated() where !(f.rate <= ModelBounds.perCellRate) {
            found.append(.init(site: .flow(i), message: "the flow rate out of \(name(f.from)) (\(f.rate) per day) is too large: "
                + "per-cell rates must be at most 1e6 per day (a half-life of at least 0.06 seconds), so that rate × horizon stays finite; lower it"))
        }
        for (i, d) in divisions.enumerated() where !(d.rate <= ModelBounds.perCellRate) {
            found.append(.init(site: .division(i), message: "the division rate in \(name(d.compartment)) (\(d.rate) per day) is too large: "
                + "per-cell rates must be at most 1e6 per day; lower it"))
        }
        var arrivals = [Double](repeating: 0, count: compartments.count)
        for (i, u) in inflows.enumerated() {
            guard u.rate <= ModelBounds.inflowRate else {
                found.append(.init(site: .inflow(i), message: "the inflow into \(name(u.compartment)) (\(u.rate) cells per day) is too large: "
                    + "at most \(ModelBounds.cellsText) cells per day are accepted; lower it"))
                continue
            }
            guard arrivals.indices.contains(u.compartment) else { continue }
            arrivals[u.compartment] += u.rate * (u.window.end - u.window.start)
            if arrivals[u.compartment] > Double(ModelBounds.cells) {
                found.append(.init(site: .inflow(i), message: "the inflows into \(name(u.compartment)) bring \(arrivals[u.compartment]) cells "
                    + "on average over their windows, more than the \(ModelBounds.cellsText) a compartment may hold; lower the rate or shorten the window"))
                arrivals[u.compartment] = -Double.infinity // reported once
            }
        }
        var total = 0
        func count(_ cells: Int, at site: BoundViolation.Site, what: String) {
            guard total <= ModelBounds.cells else { return } // reported once
            if cells > ModelBounds.cells || cells < 0 {
                found.append(.init(site: site, message: "\(what) (\(cells) cells) is too large: at most \(ModelBounds.cellsText) cells "
                    + "are accepted (a human body has about 3.7e13); lower it"))
                total = ModelBounds.cells + 1
                return
            }
            total += cells
            if total > ModelBounds.cells {
                found.append(.init(site: site, message: "\(what) brings the cells placed by initial counts and boluses to \(total), "
                    + "more than the \(ModelBounds.cellsText) accepted; lower the counts"))
            }
        }
        for (i, c) in compartments.enumerated() { count(c.initial, at: .compartment(i), what: "the initial count of \(name(i))") }
        for (i, b) in boluses.enumerated() { count(b.cells, at: .bolus(i), what: "the bolus into \(name(b.compartment))") }
        return found
    }
}
