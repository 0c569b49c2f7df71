import Reporting
import Sensitivity

/// The sensitivity measures of one or more quantities: sensitivity.csv's rows.
public struct SensitivityTable: Sendable {
    /// The measures of one quantity for every parameter.
    public enum Measures: Sendable {
        case sobol(SobolIndices)
        case morris(MorrisEffects)
    }

    /// One quantity: its label (`p_present mother/son/all/blood at 10957.5 days`) and measures.
    public struct Quantity: Sendable {
        public var label: String
        public var measures: Measures
    }

    /// The `--vary` paths, in the sweep's order.
    public var parameters: [String]
    public var quantities: [Quantity]

    /// The CSV header: Sobol' indices or Morris measures.
    public var header: String {
        if case .morris = quantities.first?.measures { return "quantity,parameter,mu_star,sigma,mu" }
        return "quantity,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high"
    }

    /// sensitivity.csv: the header, then one row per quantity and parameter,
    /// numbers as `NumberFormat.shortest`.
    public func csv() -> String {
        var lines = [header]
        let f = NumberFormat.shortest
        for q in quantities {
            for (j, name) in parameters.enumerated() {
                let prefix = CSVField.escape(q.label) + "," + CSVField.escape(name) + ","
                switch q.measures {
                case .sobol(let s):
                    let (a, b) = (s.firstOrderInterval[j], s.totalInterval[j])
                    lines.append(prefix + [s.firstOrder[j], a.lowerBound, a.upperBound, s.total[j], b.lowerBound, b.upperBound]
                        .map(f).joined(separator: ","))
                case .morris(let m):
                    lines.append(prefix + [m.muStar[j], m.sigma[j], m.mu[j]].map(f).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// sensitivity.svg: S1 and ST with their intervals, or μ* and σ, per quantity.
    public func plot(title: String) -> SensitivityPlot {
        var sobol = true
        let panels = quantities.map { q -> SensitivityPlot.Panel in
            switch q.measures {
            case .sobol(let s):
                return .init(title: q.label, bars: parameters.indices.map { j in
                    [.init(value: s.firstOrder[j], interval: s.firstOrderInterval[j]), .init(value: s.total[j], interval: s.totalInterval[j])]
                })
            case .morris(let m):
                sobol = false
                return .init(title: q.label, bars: parameters.indices.map { j in [.init(value: m.muStar[j]), .init(value: m.sigma[j])] })
            }
        }
        return SensitivityPlot(title: title, parameters: parameters, measures: sobol ? ["S1 (first order)", "ST (total)"] : ["μ* (mean |effect|)", "σ (sd of effects)"],
                               panels: panels, unitInterval: sobol)
    }
}
