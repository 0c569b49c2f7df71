import Foundation
import RateModel

/// One parameter a fit estimates: a `--set` path, set in every study or only
/// in the studies it names, and the box it is searched in.
///
/// A parameter named only by its path is shared by every study. One with
/// `studies:` is set only in those studies, after the shared ones, so it
/// replaces a shared parameter of the same path there (e.g. a disease
/// group's own transfer rate beside the healthy rate every other study
/// shares); such a parameter has a name of its own and gives its `path:`.
///
/// Bounds are in base units: days for times, per day for rates, millilitres
/// for volumes, the number itself for plain numbers. The optimizer works on
/// the value itself (linear scale) or on log10 of it (log scale).
public struct FreeParameter: Sendable, Hashable {
    /// How the optimizer sees the parameter.
    public enum Scale: String, Sendable, Hashable, CaseIterable {
        /// The value itself.
        case linear
        /// log10 of the value; both bounds must be greater than zero.
        case log
    }

    /// What the bounds measure, from the units written in `min` and `max`.
    public enum Dimension: String, Sendable, Hashable, CaseIterable {
        /// A time (`1 day`, `1 year`), in days.
        case time
        /// A rate (`0.02 /day`), per day.
        case rate
        /// A volume (`10 mL`), in millilitres.
        case volume
        /// A number without a unit (`0.25`, `1e4`).
        case number
    }

    /// The parameter's name in reports: its key in `free:` (the path itself
    /// unless the entry gives `path:`).
    public let name: String
    /// The `--set` path, e.g. `cell_types.progenitor.clearance.half_life`.
    public let path: String
    /// The studies it is set in, by name; nil for every study.
    public let studies: [String]?
    /// Whether the value is rounded to a whole number before it is set
    /// (`whole: true`, for pulses and other cell counts).
    public let whole: Bool
    /// The lower bound in base units.
    public let lower: Double
    /// The upper bound in base units; `lower < upper`.
    public let upper: Double
    /// Linear or log10 coordinates for the optimizer.
    public let scale: Scale
    /// What the bounds measure.
    public let dimension: Dimension
    /// Where the path is written in the fit file (1-based line and column).
    public let line: Int, column: Int

    public init(path: String, lower: Double, upper: Double, scale: Scale, dimension: Dimension, line: Int, column: Int,
                name: String? = nil, studies: [String]? = nil, whole: Bool = false) {
        self.name = name ?? path
        self.whole = whole
        self.path = path
        self.studies = studies
        self.lower = lower
        self.upper = upper
        self.scale = scale
        self.dimension = dimension
        self.line = line
        self.column = column
    }

    /// Whether the parameter is set in the study named `study`.
    public func applies(to study: String) -> Bool { studies?.contains(study) ?? true }

    /// The YAML text that sets `value` (base units) at this path: `12.5 days`,
    /// `0.003 /day`, `10 mL` or `0.25`.
    ///
    /// The number is Swift's shortest round-trip representation of the
    /// Double and the unit is the base unit (factor exactly 1), so the
    /// scenario decoder reads back exactly `value`.
    public func overrideText(_ value: Double) -> String {
        let number = whole ? "\(value.rounded() + 0)" : "\(value + 0)" // -0 becomes 0
        switch dimension {
        case .time: return "\(number) days"
        case .rate: return "\(number) /day"
        case .volume: return "\(number) mL"
        case .number: return number
        }
    }

    /// `value` (base units) for people, to four significant digits in a
    /// readable unit: times in hours, days or years (`3.1 years`), rates per
    /// day, volumes in mL or L. Not meant to be parsed back: use `overrideText`.
    public func readable(_ value: Double) -> String {
        func digits(_ x: Double) -> String { String(format: "%.4g", x) }
        switch dimension {
        case .time:
            let magnitude = abs(value)
            if magnitude >= Days.perYear { return "\(digits(value / Days.perYear)) years" }
            if magnitude >= 1 || magnitude == 0 { return "\(digits(value)) days" }
            return "\(digits(value * 24)) hours"
        case .rate:
            return "\(digits(value)) /day"
        case .volume:
            return abs(value) >= 1000 ? "\(digits(value / 1000)) L" : "\(digits(value)) mL"
        case .number:
            return digits(value)
        }
    }
}
