import Foundation
import RateModel

/// Numbers, durations and dates as `describe` prints them: three significant
/// digits, durations in the largest unit that keeps them readable.
enum ReadableUnits {
    /// `x` to `digits` significant digits (4 unless told), without an
    /// exponent between 0.001 and 10⁹; whole numbers are written in full.
    static func number(_ x: Double, digits: Int = 4) -> String {
        if x == 0 { return "0" }
        if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        let magnitude = abs(x)
        if magnitude < 1e9 && x == x.rounded() { return String(Int(x)) }
        guard magnitude >= 1e-3 && magnitude < 1e9 else { return String(format: "%.\(digits)g", x) }
        let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A number of cells: `10,422`, `1.33 million`, `2.1 billion`; 3 significant digits below 1,000.
    static func cells(_ x: Double) -> String {
        let magnitude = abs(x)
        if magnitude >= 1e9 { return "\(number(x / 1e9, digits: 3)) billion" }
        if magnitude >= 1e6 { return "\(number(x / 1e6, digits: 3)) million" }
        guard magnitude >= 1000 else { return number(x, digits: 3) }
        let whole = String(Int(x.rounded()))
        var out = ""
        for (i, ch) in whole.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && ch != "-" { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }

    /// A duration given in days: minutes below an hour, hours below a day,
    /// days below a year, years above; `never` when infinite.
    static func duration(days: Double) -> String {
        guard days.isFinite else { return "never" }
        if days < 1.0 / 24 { return "\(number(days * 1440, digits: 3)) min" }
        if days < 1 { return "\(number(days * 24, digits: 3)) h" }
        if days < Days.perYear {
            let text = number(days, digits: 3)
            return text == "1" ? "1 day" : "\(text) days"
        }
        let text = number(days / Days.perYear, digits: 3)
        return text == "1" ? "1 year" : "\(text) years"
    }

    /// `ln 2 / rate`: the half-life of a per-cell rate (per day), readable.
    static func halfLife(rate: Double) -> String {
        rate > 0 ? duration(days: log(2) / rate) : "never"
    }

    /// A time in days, to three decimals at most (no trailing zeros): exact
    /// for whole days and their halves, quarters and eighths, so years of
    /// 365.25 days and months of a twelfth of a year read back.
    static func time(_ t: Double) -> String {
        var text = String(format: "%.3f", t)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A time in days since time 0, as `day N`.
    static func day(_ t: Double) -> String { "day \(time(t))" }

    /// A window `[start, end)` in days.
    static func window(_ start: Double, _ end: Double) -> String { "days \(time(start))-\(time(end))" }

    /// Years with two decimals.
    static func years(_ t: Double) -> String { String(format: "%.2f", t / Days.perYear) }
}
