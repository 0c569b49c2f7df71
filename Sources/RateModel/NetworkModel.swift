/// The compiled network: what every engine simulates.
///
/// All times are in days and all rates per day. The model is a continuous-time
/// Markov jump process on cell counts `X(t) ∈ ℕ^n` (one count per compartment)
/// with these per-cell (linear) events, piecewise constant in time:
///
/// - flow `i → j` at `rate·X_i`, flow `i → out` at `rate·X_i`;
/// - division in `i` at `rate·X_i` (`X_i += 1`);
/// - inflow into `i` at `rate` (independent of the state, Poisson);
/// - bolus: `X_i += cells` at a fixed instant.
///
/// The network-level scenario format is a stable contract that maps onto this
/// type one to one; the biology-level format compiles down to it.
public struct NetworkModel: Sendable, Hashable, Codable {
    /// Human-readable name (the scenario's `name:`).
    public var name: String
    /// Length of the simulation, in days; time runs over `[0, horizon]`.
    public var horizon: Double
    /// Output times in days: sorted, distinct, each in `[0, horizon]`.
    public var outputTimes: [Double]
    public var compartments: [Compartment]
    public var flows: [Flow]
    public var divisions: [Division]
    public var inflows: [Inflow]
    public var boluses: [Bolus]

    public init(
        name: String,
        horizon: Double,
        outputTimes: [Double],
        compartments: [Compartment],
        flows: [Flow] = [],
        divisions: [Division] = [],
        inflows: [Inflow] = [],
        boluses: [Bolus] = []
    ) {
        self.name = name
        self.horizon = horizon
        self.outputTimes = outputTimes
        self.compartments = compartments
        self.flows = flows
        self.divisions = divisions
        self.inflows = inflows
        self.boluses = boluses
    }

    /// Number of compartments.
    public var count: Int { compartments.count }

    /// Whether any division process exists (the birth part of the branching process).
    public var hasDivision: Bool { divisions.contains { $0.rate > 0 } }

    /// Checks the invariants every engine relies on; returns one message per
    /// violation (empty when the model is consistent). Parsers report user
    /// errors with file positions first; this is the last line of defence.
    public func invariantViolations() -> [String] {
        var problems: [String] = []
        let n = compartments.count
        if n == 0 { problems.append("the network has no compartments") }
        if !(horizon > 0 && horizon.isFinite) { problems.append("horizon must be positive and finite, got \(horizon)") }
        if Set(compartments.map(\.name)).count != n { problems.append("compartment names must be distinct") }
        for (a, b) in zip(outputTimes, outputTimes.dropFirst()) where !(a < b) {
            problems.append("output times must be strictly increasing (\(a) then \(b))")
        }
        for t in outputTimes where !(t >= 0 && t <= horizon) {
            problems.append("output time \(t) lies outside [0, \(horizon)]")
        }
        func checkIndex(_ i: Int, _ what: String) {
            if !(0..<n).contains(i) { problems.append("\(what) refers to compartment #\(i), which does not exist") }
        }
        func checkWindow(_ w: TimeWindow, _ what: String) {
            if w.start < 0 || w.end > horizon { problems.append("\(what) window [\(w.start), \(w.end)) lies outside [0, \(horizon)]") }
        }
        for f in flows {
            checkIndex(f.from, "a flow")
            if case .compartment(let j) = f.to { checkIndex(j, "a flow") }
            checkWindow(f.window, "a flow")
        }
        for d in divisions { checkIndex(d.compartment, "a division"); checkWindow(d.window, "a division") }
        for u in inflows { checkIndex(u.compartment, "an inflow"); checkWindow(u.window, "an inflow") }
        for b in boluses {
            checkIndex(b.compartment, "a bolus")
            if !(b.time >= 0 && b.time <= horizon) { problems.append("a bolus at day \(b.time) lies outside [0, \(horizon)]") }
        }
        return problems
    }
}
