import RateModel
import Testing
@testable import ScenarioFormat

@Suite("Units")
struct UnitsTests {
    /// Each spelling with its length in days, computed independently of the code's table.
    static let timeUnits: [(String, Double)] = [
        ("min", 1.0 / (24 * 60)), ("mins", 1.0 / (24 * 60)), ("minute", 1.0 / (24 * 60)), ("minutes", 1.0 / (24 * 60)),
        ("h", 1.0 / 24), ("hr", 1.0 / 24), ("hrs", 1.0 / 24), ("hour", 1.0 / 24), ("hours", 1.0 / 24),
        ("d", 1), ("day", 1), ("days", 1),
        ("wk", 7), ("week", 7), ("weeks", 7),
        ("month", 365.25 / 12), ("months", 365.25 / 12),
        ("y", 365.25), ("yr", 365.25), ("yrs", 365.25), ("year", 365.25), ("years", 365.25),
    ]

    @Test("the calendar constants")
    func constants() {
        #expect(Days.perMonth == 30.4375)
        #expect(Days.perYear == 365.25)
        #expect(Days.perMonth * 12 == Days.perYear)
    }

    @Test("every time unit, with and without a space", arguments: timeUnits)
    func timeUnit(unit: String, days: Double) {
        #expect(Units.parseTime("3 \(unit)") == 3 * days)
        #expect(Units.parseTime("3\(unit)") == 3 * days)
        #expect(Units.parseTime("  1.5\t\(unit) ") == 1.5 * days)
    }

    @Test("every rate spelling with every unit", arguments: timeUnits)
    func rateUnit(unit: String, days: Double) {
        for spelling in ["2 /\(unit)", "2/\(unit)", "2 / \(unit)", "2 per \(unit)", "2per \(unit)"] {
            #expect(Units.parseRatePerDay(spelling) == 2 / days, "\(spelling)")
        }
    }

    @Test("documented examples")
    func examples() {
        #expect(Units.parseTime("280 days") == 280)
        #expect(Units.parseTime("16 min") == 16.0 / 1440)
        #expect(Units.parseTime("1.5years") == 547.875)
        #expect(Units.parseTime("6 months") == 182.625)
        #expect(Units.parseRatePerDay("0.004 /day") == 0.004)
        #expect(Units.parseRatePerDay("0.004 per day") == 0.004)
        #expect(Units.parseRatePerDay("0.004/day") == 0.004)
        #expect(Units.parseRatePerDay("2 /week") == 2.0 / 7)
        #expect(Units.parseRatePerDay("1 /month") == 1 / 30.4375)
        #expect(Units.parseRatePerDay("3 per year") == 3 / 365.25)
    }

    /// Whitespace is skipped byte by byte when it is ASCII and by characters
    /// otherwise; both must read as `Character.isWhitespace` does.
    @Test("whitespace between number, slash and unit: ASCII, Unicode, and a combining mark")
    func whitespaceKinds() {
        #expect(Units.parseRatePerDay("2\t/\r\nday") == 2)
        #expect(Units.parseRatePerDay("2\u{00A0}/\u{2003}day") == 2)      // no-break space, em space
        #expect(Units.parseRatePerDay("2 per\u{3000}day") == 2)            // ideographic space
        #expect(Units.parseTime("3\u{00A0}days") == 3)
        for text in [" \t x", "x ", "", "   ", " \u{0301}day", "\r\nday", "\u{00A0} day", " /\u{0301}day", "\t\u{1F600}", " é"] {
            #expect(Units.dropWhitespace(text[...]) == text.drop(while: \.isWhitespace), "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test("numbers: plain decimals and scientific notation")
    func numberGrammar() {
        #expect(Units.parseTime("1e4 days") == 10000)
        #expect(Units.parseTime("2.5E-1 days") == 0.25)
        #expect(Units.parseTime(".5 days") == 0.5)
        #expect(Units.parseTime("5. days") == 5)
        #expect(Units.parseTime("+2 days") == 2)
        #expect(Units.parseTime("-2 days") == -2)   // range checks belong to the caller
        #expect(Units.parseNumber("1e4") == 10000)
        #expect(Units.parseNumber("0.25") == 0.25)
    }

    @Test("rejected text", arguments: [
        "280", "days", "", "inf days", "nan days", ".inf days", "0x10 days", "1,000 days", "1e400 days",
        "280 dayz", "280 Days", "1 e4 days", "- 2 days", "280 days ago", "1/2 days",
    ])
    func rejectedTimes(text: String) {
        #expect(Units.parseTime(text) == nil)
    }

    @Test("rejected rates", arguments: [
        "0.004", "0.004 day", "0.004 /", "0.004 per", "0.004 perday", "/day", "inf /day", "1e400 /day",
        "1e308 /min", "0.004 /dya", "0.004 /2 days",
    ])
    func rejectedRates(text: String) {
        #expect(Units.parseRatePerDay(text) == nil)
    }

    @Test("rejected numbers", arguments: ["inf", "-inf", "nan", ".inf", "0x1A", "1e400", "1_000", "", "e5", "1e", "1.2.3"])
    func rejectedNumbers(text: String) {
        #expect(Units.parseNumber(text) == nil)
    }

    @Test("edit distance and suggestions")
    func suggestions() {
        #expect(KeySuggestion.distance("kitten", "sitting") == 3)
        #expect(KeySuggestion.distance("", "abc") == 3)
        #expect(KeySuggestion.distance("rate", "rate") == 0)
        #expect(KeySuggestion.closest(to: "rat", among: ["from", "to", "rate"]) == "rate")
        #expect(KeySuggestion.closest(to: "halflife", among: ["rate", "half_life"]) == "half_life")
        #expect(KeySuggestion.closest(to: "zzzzzz", among: ["from", "to", "rate"]) == nil)
        #expect(KeySuggestion.closest(to: "aa", among: ["a", "b"]) == "a")
        #expect(KeySuggestion.closest(to: "x", among: ["in", "rate"]) == nil)     // replacing everything is no suggestion
        #expect(KeySuggestion.closest(to: "dayz", among: ["day", "days"]) == "days") // tie: closer length wins
    }
}
