/// The records of an RFC 4180 CSV text, each field with the line and column
/// where it starts.
///
/// Grammar (RFC 4180, with the usual leniencies): records end at CRLF, LF or
/// a lone CR; the last record may or may not end with a line break; lines
/// that are completely empty are skipped. A field is either unquoted (no `"`
/// in it) or enclosed in double quotes, inside which commas and line breaks
/// are literal and `""` stands for one `"`. Spaces are part of fields. The
/// caller removes a byte order mark before (`SourceText` does).
///
/// Columns count Unicode scalars from 1; a quoted field's column is that of
/// its opening quote. Complexity: O(n) in the length of the text.
struct CSVTable: Sendable {
    /// One field: its text (quotes removed, `""` undoubled) and where it starts.
    struct Field: Sendable, Hashable {
        var text: String
        var line: Int
        var column: Int
    }

    /// A malformed record: where, in which field (0-based), and what is wrong.
    /// The record's fields are not reliable and are left out.
    struct Problem: Sendable, Hashable {
        var line: Int
        var column: Int
        var fieldIndex: Int
        var message: String
    }

    /// One line of data (or several, when a quoted field holds line breaks).
    struct Record: Sendable, Hashable {
        /// The line the record starts on.
        var line: Int
        /// The fields, in order; empty when `problem` is set.
        var fields: [Field]
        /// Why the record could not be read.
        var problem: Problem?
        /// The column just after the record's last character on its last line (for a missing field).
        var endColumn: Int
    }

    /// The records of the text, in order.
    let records: [Record]

    /// Splits `text` into records and fields.
    init(text: String) {
        var scanner = Scanner(scalars: Array(text.unicodeScalars))
        var records: [Record] = []
        while let record = scanner.record() { records.append(record) }
        self.records = records
    }

    /// The reading position and the record grammar.
    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1
        var column = 1

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        var atLineBreak: Bool { current == "\n" || current == "\r" }

        /// Moves past one scalar that is not a line break.
        mutating func advance() {
            index += 1
            column += 1
        }

        /// Moves past a line break (CRLF counts once).
        mutating func consumeLineBreak() {
            if current == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
            index += 1
            line += 1
            column = 1
        }

        /// The next record, `nil` at the end of the text.
        mutating func record() -> Record? {
            while atLineBreak { consumeLineBreak() }
            guard current != nil else { return nil }
            let start = line
            var fields: [Field] = []
            while true {
                let field: Field
                do {
                    field = try current == "\"" ? quotedField() : unquotedField()
                } catch {
                    let problem = Problem(line: error.line, column: error.column, fieldIndex: fields.count, message: error.message)
                    skipRestOfLine()
                    return Record(line: start, fields: [], problem: problem, endColumn: column)
                }
                fields.append(field)
                if current == "," {
                    advance()
                    continue
                }
                let end = column
                if atLineBreak { consumeLineBreak() }
                return Record(line: start, fields: fields, problem: nil, endColumn: end)
            }
        }

        /// A place and message for a malformed field.
        struct Failure: Error {
            var line: Int
            var column: Int
            var message: String
        }

        /// Reads up to the next comma, line break or end.
        mutating func unquotedField() throws(Failure) -> Field {
            let field = (line, column)
            var text = String.UnicodeScalarView()
            while let c = current, c != ",", !atLineBreak {
                if c == "\"" {
                    throw Failure(line: line, column: column,
                                  message: "a '\"' inside a field that does not start with one; enclose the whole field in double "
                                      + "quotes and double every quote inside it (RFC 4180), e.g. \"Smith \"\"et al.\"\", 2001\"")
                }
                text.append(c)
                advance()
            }
            return Field(text: String(text), line: field.0, column: field.1)
        }

        /// Reads a field enclosed in double quotes; the next character must be a comma, a line break or the end.
        mutating func quotedField() throws(Failure) -> Field {
            let field = (line, column)
            var text = String.UnicodeScalarView()
            advance()
            while true {
                guard let c = current else {
                    throw Failure(line: field.0, column: field.1,
                                  message: "the quoted field that starts here is not closed; end it with '\"' (a quote inside it is written '\"\"')")
                }
                if atLineBreak {
                    text.append(c)
                    if c == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { text.append("\n") }
                    consumeLineBreak()
                } else if c == "\"" {
                    advance()
                    guard current == "\"" else { break }
                    text.append("\"")
                    advance()
                } else {
                    text.append(c)
                    advance()
                }
            }
            if let c = current, c != ",", !atLineBreak {
                throw Failure(line: line, column: column,
                              message: "unexpected '\(c)' after the closing quote of a field; expected ',' or the end of the line "
                                  + "(a quote inside a quoted field is written '\"\"')")
            }
            return Field(text: String(text), line: field.0, column: field.1)
        }

        /// Moves to the start of the next line (after a malformed field).
        mutating func skipRestOfLine() {
            while current != nil, !atLineBreak { advance() }
            if atLineBreak { consumeLineBreak() }
        }
    }
}
