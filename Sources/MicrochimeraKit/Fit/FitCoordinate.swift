import Foundation
import ScenarioFormat

/// One free parameter as the optimiser sees it: its value on a linear scale,
/// or `log10` of its value on a log scale, inside the box of its bounds.
struct FitCoordinate: Sendable {
    let parameter: FreeParameter

    var isLog: Bool { parameter.scale == .log }
    /// The lower edge of the box in this coordinate.
    var lower: Double { coordinate(parameter.lower) }
    /// The upper edge of the box in this coordinate.
    var upper: Double { coordinate(parameter.upper) }

    /// The value (base units) at coordinate `x`: `10^x` on a log scale, clamped
    /// to the bounds so that rounding in `10^x` never leaves them.
    func value(_ x: Double) -> Double {
        let v = isLog ? pow(10, x) : x
        return min(parameter.upper, max(parameter.lower, v))
    }

    /// The coordinate of a value in base units.
    func coordinate(_ value: Double) -> Double { isLog ? log10(value) : value }

    /// The `--set` that puts coordinate `x` into a scenario.
    func override(_ x: Double) -> SetOverride {
        SetOverride(path: parameter.path, value: parameter.overrideText(value(x)))
    }
}
