/// Detailed scanning of numbers, times and rates, with the reason for a failure.
extension Units {
    /// Why a quantity could not be read; turned into user messages by the schema decoder.
    enum Problem: Error, Equatable {
        /// The text is empty.
        case empty
        /// The text does not start with a number in the accepted grammar.
        case notANumber
        /// A number with nothing after it where a unit is required.
        case missingUnit
        /// A unit that is not one of the accepted spellings.
        case unknownUnit(String)
        /// After the number of a rate there is neither `/UNIT` nor `per UNIT`.
        case missingPer(String)
        /// The number or the converted result is infinite (e.g. `1e400`).
        case nonFinite
    }

    /// Reads `NUMBER [whitespace] UNIT` and converts it to days.
    static func scanTime(_ text: String) -> Result<Double, Problem> {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return .failure(.empty) }
        guard let (number, rest) = scanNumber(trimmed[...]) else { return .failure(.notANumber) }
        let unit = rest.drop(while: \.isWhitespace)
        if unit.isEmpty { return .failure(.missingUnit) }
        guard let days = daysPerUnit[String(unit)] else { return .failure(.unknownUnit(String(unit))) }
        return finite(number * days)
    }

    /// Reads `NUMBER [whitespace] (/ | per) [whitespace] UNIT` and converts it to per day.
    static func scanRatePerDay(_ text: String) -> Result<Double, Problem> {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return .failure(.empty) }
        guard let (number, rest) = scanNumber(trimmed[...]) else { return .failure(.notANumber) }
        var tail = rest.drop(while: \.isWhitespace)
        if tail.isEmpty { return .failure(.missingUnit) }
        if tail.first == "/" {
            tail = tail.dropFirst()
        } else if tail.hasPrefix("per"), let next = tail.dropFirst(3).first, next.isWhitespace {
            tail = tail.dropFirst(3)
        } else {
            return .failure(.missingPer(String(tail)))
        }
        let unit = tail.drop(while: \.isWhitespace)
        if unit.isEmpty { return .failure(.missingUnit) }
        guard let days = daysPerUnit[String(unit)] else { return .failure(.unknownUnit(String(unit))) }
        return finite(number / days)
    }

    /// Reads a whole plain number (no unit), e.g. a cell count.
    static func scanPlainNumber(_ text: String) -> Result<Double, Problem> {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return .failure(.empty) }
        guard let (number, rest) = scanNumber(trimmed[...]), rest.isEmpty else { return .failure(.notANumber) }
        return finite(number)
    }

    /// Scans the longest prefix of `text` matching
    /// `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?` and returns its value and the rest.
    ///
    /// The value may be infinite (`1e400`); callers check.
    static func scanNumber(_ text: Substring) -> (Double, Substring)? {
        let chars = Array(text.unicodeScalars)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < chars.count, ("0"..."9").contains(chars[i]) { i += 1 }
            return i - start
        }
        if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
        let integerDigits = digits()
        var fractionDigits = 0
        if i < chars.count, chars[i] == "." {
            i += 1
            fractionDigits = digits()
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return nil }
        var end = i
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            i += 1
            if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
            if digits() > 0 { end = i }
        }
        let numberText = String(String.UnicodeScalarView(chars[0..<end]))
        guard let value = Double(numberText) else { return nil }
        let restStart = text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: end)
        return (value, Substring(text.unicodeScalars[restStart...]))
    }

    /// Wraps a converted value, rejecting infinities and NaN.
    private static func finite(_ value: Double) -> Result<Double, Problem> {
        value.isFinite ? .success(value) : .failure(.nonFinite)
    }

    /// The accepted unit spellings as one human-readable list.
    static var unitList: String {
        unitGroups.map { $0.spellings.joined(separator: "|") }.joined(separator: ", ")
    }
}

extension String {
    /// The text without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
