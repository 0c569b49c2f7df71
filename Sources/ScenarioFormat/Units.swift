import RateModel

/// Unit conversion for the text quantities of scenario files: times, rates
/// and (at the biology level) blood volumes.
///
/// Every quantity is written as text, a number followed by a unit, and is
/// converted to days (times) or per day (rates). Numbers are plain decimals or
/// scientific notation only (`280`, `0.004`, `.5`, `1e4`, `2.5E-3`); `inf`,
/// `nan`, `.inf` and hexadecimal are not numbers here.
///
/// Time units: `min|mins|minute|minutes` (1/1440 day), `h|hr|hrs|hour|hours`
/// (1/24 day), `d|day|days`, `wk|week|weeks` (7 days), `month|months`
/// (`Days.perMonth`, 30.4375 days) and `y|yr|yrs|year|years` (`Days.perYear`, 365.25 days). A rate is a number
/// followed by `/UNIT`, `/ UNIT` or `per UNIT`. Volumes (`Units+Volume.swift`)
/// are `mL|ml` or `L|l` and are converted to millilitres.
public enum Units {
    /// Every accepted time unit spelling with its length in days.
    static let daysPerUnit: [String: Double] = {
        var table: [String: Double] = [:]
        for (spellings, days) in unitGroups {
            for spelling in spellings { table[spelling] = days }
        }
        return table
    }()

    /// The accepted spellings, grouped by unit, shortest first (used in messages).
    static let unitGroups: [(spellings: [String], days: Double)] = [
        (["min", "mins", "minute", "minutes"], 1.0 / 1440.0),
        (["h", "hr", "hrs", "hour", "hours"], 1.0 / 24.0),
        (["d", "day", "days"], 1.0),
        (["wk", "week", "weeks"], 7.0),
        (["month", "months"], Days.perMonth),
        (["y", "yr", "yrs", "year", "years"], Days.perYear),
    ]

    /// Parses a time such as `280 days`, `16 min` or `1.5years` into days.
    ///
    /// Returns `nil` unless the text is a number followed by a time unit and
    /// the result is finite. Negative times are returned as they are; range
    /// checks belong to the caller.
    public static func parseTime(_ text: String) -> Double? {
        try? scanTime(text).get()
    }

    /// Parses a rate such as `0.004 /day`, `0.004 per day`, `0.004/day` or
    /// `2 /week` into a rate per day.
    ///
    /// Returns `nil` unless the text is a number followed by `/UNIT`,
    /// `/ UNIT` or `per UNIT` and the result is finite.
    public static func parseRatePerDay(_ text: String) -> Double? {
        try? scanRatePerDay(text).get()
    }

    /// Parses a plain decimal or scientific-notation number (the whole text,
    /// surrounding whitespace ignored); `nil` for anything else or a
    /// non-finite value.
    public static func parseNumber(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace()
        guard let (value, rest) = scanNumber(trimmed[...]), rest.isEmpty, value.isFinite else { return nil }
        return value
    }
}
