import Foundation

/// A text file as the loaders read it: its exact bytes, and its text decoded
/// as UTF-8 with a leading byte order mark left out.
///
/// Every input file (a scenario, an `extends:` base, a fit file, a data file)
/// is read here, so each is checked the same way: it must be a regular file
/// (a folder, a FIFO, a device or a socket is named as such and never read,
/// so `/dev/zero` cannot fill memory and a FIFO cannot block), at most
/// `maximumBytes` long, and valid UTF-8 (the first invalid byte is reported
/// at its line and column).
struct SourceText: Sendable {
    /// Why a file could not be used.
    enum Failure: Error, Equatable {
        /// It cannot be read at all; `reason` says why in words ("no such file",
        /// "it is a folder, not a file").
        case unreadable(reason: String)
        /// It was read but is not UTF-8 text: the first invalid byte's 1-based
        /// line and column (in characters before it on its line) and the message.
        case notUTF8(line: Int, column: Int, message: String)

        /// The failure in words, with the line and column when there is one
        /// (for messages that are not placed at them).
        var reason: String {
            switch self {
            case .unreadable(let reason): reason
            case .notUTF8(let line, let column, let message): "\(message) (line \(line), column \(column))"
            }
        }

        /// The failure as the diagnostic of a file that cannot be used: at the
        /// invalid byte for text that is not UTF-8, else with no position.
        func diagnostic(file: String, what: String) -> Diagnostic {
            switch self {
            case .unreadable(let reason):
                Diagnostic(file: file, line: nil, column: nil, keyPath: "", message: "cannot read the \(what): \(reason)")
            case .notUTF8(let line, let column, let message):
                Diagnostic(file: file, line: line, column: column, keyPath: "", message: message)
            }
        }
    }

    /// Largest input file read: far above any scenario or data file (a few KB
    /// to a few MB), far below what would strain memory.
    static let maximumBytes = 16 << 20
    /// `maximumBytes` in words, for messages.
    static let maximumBytesDescription = "16 MiB"

    /// The file's bytes as read (byte order mark included).
    let bytes: [UInt8]
    /// The text after the byte order mark, if any.
    let text: String

    /// Reads the file at `path` (see the type's summary for what is refused).
    static func read(path: String) throws(Failure) -> SourceText {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path: path)
        } catch {
            throw .unreadable(reason: error.reason)
        }
        return try decode(bytes)
    }

    /// `bytes` as text: a UTF-8 byte order mark is left out of `text`; bytes
    /// that are not UTF-8 fail with the line and column of the first one.
    static func decode(_ bytes: [UInt8]) throws(Failure) -> SourceText {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) } // UTF-8 byte order mark
        guard let text = String(validating: body, as: UTF8.self) else {
            throw firstInvalidByte(in: body)
        }
        return SourceText(bytes: bytes, text: text)
    }

    /// The `.notUTF8` failure of `bytes`, at the first byte that does not start
    /// or continue a UTF-8 character. Lines end at `\n`, `\r\n` or `\r`, as in
    /// the YAML reader's positions.
    private static func firstInvalidByte(in bytes: ArraySlice<UInt8>) -> Failure {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = bytes.startIndex
        var line = 1
        var column = 1
        var previous: Unicode.Scalar?
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                offset += encoded.count
                if scalar == "\n" {
                    if previous != "\r" { line += 1 }
                    column = 1
                } else if scalar == "\r" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                previous = scalar
            case .error(let length):
                let shown = bytes[offset..<min(offset + max(length, 1), bytes.endIndex)]
                    .map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
                return .notUTF8(line: line, column: column,
                                message: "the file is not valid UTF-8 text: byte\(length > 1 ? "s" : "") \(shown) here "
                                    + "cannot be read as UTF-8 (was it saved as Latin-1 or UTF-16?); save the file as UTF-8")
            case .emptyInput:
                return .notUTF8(line: line, column: column, message: "the file is not valid UTF-8 text; save the file as UTF-8")
            }
        }
    }
}
