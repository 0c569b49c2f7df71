/// A linear axis from `lower` to `upper` mapped onto pixels `[start, end]`,
/// with round tick values.
public struct LinearScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let start: Double
    public let end: Double

    public init(lower: Double, upper: Double, start: Double, end: Double) {
        self.lower = lower
        self.upper = upper > lower ? upper : lower + 1
        self.start = start
        self.end = end
    }

    /// The pixel of `value`.
    public func pixel(_ value: Double) -> Double {
        start + (end - start) * (value - lower) / (upper - lower)
    }

    /// The tick step: 1, 2 or 5 times a power of ten, giving at most `count` intervals.
    public func step(atMost count: Int) -> Double {
        let raw = (upper - lower) / Double(max(1, count))
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        for m in [1.0, 2.0, 5.0, 10.0] where m * power >= raw { return m * power }
        return 10 * power
    }

    /// Tick values: multiples of `step(atMost:)` inside `[lower, upper]`.
    public func ticks(atMost count: Int) -> [Double] {
        let s = step(atMost: count)
        var k = (lower / s).rounded(.up)
        var out: [Double] = []
        while k * s <= upper + s * 1e-9 {
            out.append(k * s)
            k += 1
        }
        return out
    }

    /// A tick label: a whole number when the step is whole, else with the
    /// decimals the step needs.
    public static func label(_ value: Double, step: Double) -> String {
        var decimals = 0
        var s = step
        while s < 1 - 1e-9 && decimals < 6 {
            s *= 10
            decimals += 1
        }
        return SVGDocument.number(value, decimals: decimals)
    }
}
