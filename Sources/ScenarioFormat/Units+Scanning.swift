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
        let unit = dropWhitespace(rest)
        if unit.isEmpty { return .failure(.missingUnit) }
        guard let days = daysPerUnit[String(unit)] else { return .failure(.unknownUnit(String(unit))) }
        return finite(number * days)
    }

    /// Reads `NUMBER [whitespace] (/ | per) [whitespace] UNIT` and converts it to per day.
    static func scanRatePerDay(_ text: String) -> Result<Double, Problem> {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return .failure(.empty) }
        guard let (number, rest) = scanNumber(trimmed[...]) else { return .failure(.notANumber) }
        var tail = dropWhitespace(rest)
        if tail.isEmpty { return .failure(.missingUnit) }
        if tail.first == "/" {
            tail = tail.dropFirst()
        } else if tail.hasPrefix("per"), let next = tail.dropFirst(3).first, next.isWhitespace {
            tail = tail.dropFirst(3)
        } else {
            return .failure(.missingPer(String(tail)))
        }
        let unit = dropWhitespace(tail)
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
        // Every byte the pattern matches is ASCII, so the UTF-8 index where the
        // match ends is also a character boundary of `text`.
        let bytes = text.utf8
        var i = bytes.startIndex
        func at(_ accepts: (UInt8) -> Bool) -> Bool { i < bytes.endIndex && accepts(bytes[i]) }
        func digits() -> Int {
            var count = 0
            while at({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { bytes.formIndex(after: &i); count += 1 }
            return count
        }
        if at({ $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) { bytes.formIndex(after: &i) }
        let integerDigits = digits()
        var fractionDigits = 0
        if at({ $0 == UInt8(ascii: ".") }) {
            bytes.formIndex(after: &i)
            fractionDigits = digits()
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return nil }
        var end = i
        if at({ $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            bytes.formIndex(after: &i)
            if at({ $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) { bytes.formIndex(after: &i) }
            if digits() > 0 { end = i }
        }
        guard let value = Double(text[text.startIndex..<end]) else { return nil }
        return (value, text[end...])
    }

    /// `text` without its leading whitespace characters: `drop(while: \.isWhitespace)`.
    /// Where the whitespace is ASCII and followed by an ASCII byte (or
    /// nothing), it is skipped byte by byte: a character boundary always
    /// falls before an ASCII byte that follows whitespace, and this avoids
    /// the grapheme breaking of `Character`.
    static func dropWhitespace(_ text: Substring) -> Substring {
        let bytes = text.utf8
        var i = bytes.startIndex
        while i < bytes.endIndex, isASCIIWhitespace(bytes[i]) { bytes.formIndex(after: &i) }
        guard i == bytes.endIndex || bytes[i] < 0x80 else { return text.drop(while: \.isWhitespace) }
        return text[i...]
    }

    /// Whether an ASCII byte is white space: space, or tab to carriage return.
    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (UInt8(ascii: "\t")...UInt8(ascii: "\r")).contains(byte)
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
    /// Unicode's White_Space property; ASCII (tab to carriage return, and
    /// space) is answered without the property tables.
    func trimmingWhitespace() -> String {
        func isWhitespace(_ s: Unicode.Scalar) -> Bool {
            s.isASCII ? Units.isASCIIWhitespace(UInt8(s.value)) : s.properties.isWhitespace
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}
