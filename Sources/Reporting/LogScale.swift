import Foundation

/// A base-10 logarithmic axis from `10^lowerExponent` to `10^upperExponent`
/// mapped onto pixels `[bottom, top]` (y grows downwards).
public struct LogScale: Sendable, Equatable {
    public let lowerExponent: Int
    public let upperExponent: Int
    /// Pixel of `10^lowerExponent`.
    public let bottom: Double
    /// Pixel of `10^upperExponent`.
    public let top: Double

    public init(lowerExponent: Int, upperExponent: Int, bottom: Double, top: Double) {
        precondition(upperExponent > lowerExponent, "a log scale needs at least one decade")
        self.lowerExponent = lowerExponent
        self.upperExponent = upperExponent
        self.bottom = bottom
        self.top = top
    }

    /// The scale that shows positive `values`: from the power of ten at or
    /// below the smallest to the one at or above the largest, spanning at
    /// least `minimumDecades` and at most `maximumDecades` (smaller values
    /// then fall below the axis). `nil` when no value is positive.
    public static func covering(_ values: [Double], bottom: Double, top: Double,
                                minimumDecades: Int = 2, maximumDecades: Int = 10) -> LogScale? {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let high = positive.max(), let low = positive.min() else { return nil }
        let upper = max(0, ceilLog10(high))
        var lower = min(floorLog10(low), upper - minimumDecades)
        lower = max(lower, upper - maximumDecades)
        return LogScale(lowerExponent: lower, upperExponent: upper, bottom: bottom, top: top)
    }

    /// `⌈log₁₀ x⌉`, exact at powers of ten.
    static func ceilLog10(_ x: Double) -> Int {
        var k = Int(log10(x).rounded(.up))
        while power(k - 1) >= x { k -= 1 }
        while power(k) < x { k += 1 }
        return k
    }

    /// `⌊log₁₀ x⌋`, exact at powers of ten.
    static func floorLog10(_ x: Double) -> Int {
        var k = Int(log10(x).rounded(.down))
        while power(k) > x { k -= 1 }
        while power(k + 1) <= x { k += 1 }
        return k
    }

    /// `10^k` (exact for the exponents a plot uses).
    public static func power(_ k: Int) -> Double {
        var x = 1.0
        if k >= 0 { for _ in 0..<k { x *= 10 } } else { for _ in 0..<(-k) { x /= 10 } }
        return x
    }

    /// The pixel of a positive `value` (outside `[bottom, top]` when the value
    /// is outside the axis).
    public func pixel(_ value: Double) -> Double {
        let decades = Double(upperExponent - lowerExponent)
        let position = (log10(value) - Double(lowerExponent)) / decades
        return bottom + (top - bottom) * position
    }

    /// The exponents labelled on the axis: every power of ten, or every
    /// second or third one when there are many.
    public var labelledExponents: [Int] {
        let decades = upperExponent - lowerExponent
        let step = decades <= 6 ? 1 : decades <= 12 ? 2 : 3
        return stride(from: upperExponent, through: lowerExponent, by: -step).reversed()
    }

    /// A readable label for `10^k`: `0.01`, `0.1`, `1`, `10`, `100`, `1,000`,
    /// then `10⁴`, `10⁵`, … (and `10⁻³`, … below 0.01).
    public static func label(exponent k: Int) -> String {
        switch k {
        case 0: return "1"
        case 1: return "10"
        case 2: return "100"
        case 3: return "1,000"
        case -1: return "0.1"
        case -2: return "0.01"
        default:
            let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
            let digits = String(abs(k)).map { superscripts[Int(String($0))!] }
            return "10" + (k < 0 ? "⁻" : "") + String(digits)
        }
    }
}
