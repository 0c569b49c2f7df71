import Yams

/// Turns YAML text into a `YAMLNode` tree using Yams, reporting syntax errors
/// as diagnostics with the line and column Yams gives.
///
/// Before Yams composes anything, `YAMLBounds` checks that the document,
/// aliases expanded, stays within the loader's bounds (values, depth, text).
///
/// Yams rejects a mapping with duplicate keys and names only one of them. To
/// report every duplicate with both lines, the reader marks the key Yams
/// names (a private-use character inserted at its position), composes again,
/// and removes the mark while converting; `YAMLNode.reportDuplicateKeys`
/// then finds the duplicates in the tree.
enum YAMLReader {
    /// Inserted in front of a duplicated key so Yams sees distinct keys.
    private static let marker: Unicode.Scalar = "\u{E000}"
    /// Start of every syntax-error message.
    static let syntaxErrorPrefix = "invalid YAML: "
    /// Upper bound on the number of duplicate keys marked in one document.
    private static let maximumMarkedKeys = 200
    /// Upper bound on the bytes composed again while marking duplicates: each
    /// mark composes the whole text once more, so a large document gets
    /// fewer marks (a 1 MB one, four) and never takes minutes.
    private static let markingBudget = 4 << 20

    /// How positions of the composed tree map to `SourcePosition`s.
    enum Origin {
        /// A scenario file with this display path.
        case file(String)
        /// The value of `--set PATH=...`; every node gets the override's position.
        case override(path: String)
    }

    /// Composes `text`. Returns `nil` with no diagnostic when the document is
    /// empty, and `nil` after reporting a diagnostic when it is not valid YAML.
    static func read(_ text: String, origin: Origin, sink: inout DiagnosticSink) -> YAMLNode? {
        if isSimplePlainScalar(text) {
            return YAMLNode(content: .scalar(text, isPlain: true), position: position(of: (1, 1), origin: origin, undoing: []))
        }
        if let excess = YAMLBounds.check(text) {
            sink.report(excess.message, at: position(of: (excess.line, excess.column), origin: origin, undoing: []),
                        path: excess.path)
            return nil
        }
        var working = text
        var insertions: [Location] = []
        while true {
            do {
                guard let node = try Yams.compose(yaml: working) else { return nil }
                let locate = { (mark: Mark?) -> SourcePosition in
                    position(of: mark.map(location), origin: origin, undoing: insertions)
                }
                return convert(node, locate: locate, path: .root, sink: &sink)
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                if insertions.count < min(maximumMarkedKeys, markingBudget / max(1, text.utf8.count)), !text.unicodeScalars.contains(marker),
                   let (marked, column) = insertMarker(into: working, line: context.mark.line, column: context.mark.column) {
                    working = marked
                    insertions.append((context.mark.line, column))
                    continue
                }
                let mark = position(of: location(context.mark), origin: origin, undoing: insertions)
                let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                sink.report("duplicate key \(names) in a mapping; each key may appear only once", at: mark, path: .root)
                return nil
            } catch let error as YamlError {
                // A later syntax error: marking only renamed keys, so it is real.
                report(error, origin: origin, text: text, undoing: insertions, sink: &sink)
                return nil
            } catch {
                sink.report("could not read the YAML: \(error)", at: position(of: nil, origin: origin, undoing: []), path: .root)
                return nil
            }
        }
    }

    /// Converts a Yams error into a diagnostic at its mark.
    private static func report(_ error: YamlError, origin: Origin, text: String, undoing insertions: [Location], sink: inout DiagnosticSink) {
        func context(_ context: YamlError.Context?) -> String {
            guard let context else { return "" }
            return " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        switch error {
        case let .scanner(ctx, problem, mark, _), let .parser(ctx, problem, mark, _), let .composer(ctx, problem, mark, _):
            let place = position(of: location(mark), origin: origin, undoing: insertions)
            let advice = hint(for: problem, line: mark.line, column: mark.column, in: text)
            sink.report("\(syntaxErrorPrefix)\(problem)\(context(ctx))\(advice)", at: place, path: .root)
        case let .reader(problem, offset, _, _):
            let place = offset.flatMap { location(utf8Offset: $0, in: text) }
            let advice = place.map { hint(for: problem, line: $0.line, column: $0.column, in: text) } ?? ""
            sink.report("\(syntaxErrorPrefix)\(problem)\(advice)", at: position(of: place, origin: origin, undoing: []), path: .root)
        default:
            sink.report("could not read the YAML: \(error)", at: position(of: nil, origin: origin, undoing: []), path: .root)
        }
    }

    /// Builds a `YAMLNode` from a Yams node, removing duplicate-key markers.
    /// Whether `text` is one line that YAML reads as a plain scalar equal to
    /// the text itself: letters, digits, inner spaces and `. / + - _ ^ ( )`,
    /// starting with a letter, digit, `.`, `+` or a `-` not followed by a
    /// space. Such values (`0.02 /day`, `30 years`, `1e-3`) skip the YAML
    /// parser, which matters when a sweep applies thousands of them; anything
    /// else goes through it.
    static func isSimplePlainScalar(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, last != " " else { return false }
        func isWord(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || ("0"..."9").contains(c) }
        guard isWord(first) || first == "." || first == "+" || (first == "-" && scalars.count > 1 && scalars[1] != " ") else {
            return false
        }
        return scalars.allSatisfy { c in isWord(c) || " ./+-_^()".unicodeScalars.contains(c) }
    }

    private static func convert(_ node: Node, locate: (Mark?) -> SourcePosition, path: NodePath, sink: inout DiagnosticSink) -> YAMLNode {
        let position = locate(node.mark)
        switch node {
        case .scalar(let scalar):
            return YAMLNode(content: .scalar(scalar.string, isPlain: scalar.style == .plain || scalar.style == .any), position: position)
        case .mapping(let mapping):
            var entries: [YAMLNode.Entry] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    sink.report("a key must be plain text, got \(key.mapping != nil ? "a mapping" : "a list")", at: locate(key.mark), path: path)
                    continue
                }
                var name = keyScalar.string
                if name.unicodeScalars.first == marker { name = String(name.unicodeScalars.dropFirst()) }
                let child = convert(value, locate: locate, path: path.key(name), sink: &sink)
                entries.append(.init(key: name, keyPosition: locate(key.mark), value: child))
            }
            return YAMLNode(content: .mapping(entries), position: position)
        case .sequence(let sequence):
            let items = sequence.enumerated().map { index, item in
                convert(item, locate: locate, path: path.index(index), sink: &sink)
            }
            return YAMLNode(content: .sequence(items), position: position)
        case .alias:
            sink.report("YAML aliases are not supported here", at: position, path: path)
            return YAMLNode(content: .scalar("", isPlain: true), position: position)
        }
    }

    /// A 1-based line and column.
    private typealias Location = (line: Int, column: Int)

    /// The line and column of a Yams mark.
    private static func location(_ mark: Mark) -> Location {
        (mark.line, mark.column)
    }

    /// Maps a location (in the possibly marked text) to a position in the original.
    private static func position(of mark: Location?, origin: Origin, undoing insertions: [Location]) -> SourcePosition {
        switch origin {
        case .override(let path):
            return .override(path: path, order: .init(line: 0, column: 0))
        case .file(let file):
            guard let mark else { return .file(file, line: 1, column: 1) }
            var column = mark.column
            for insertion in insertions.reversed() where insertion.line == mark.line && column > insertion.column {
                column -= 1
            }
            return .file(file, line: mark.line, column: column)
        }
    }

    /// Inserts the marker at a 1-based line and column (inside the opening quote
    /// of a quoted key). Returns the new text and the marker's column, or `nil`
    /// when the position does not hold a plain or quoted scalar.
    private static func insertMarker(into text: String, line: Int, column: Int) -> (String, Int)? {
        var scalars = Array(text.unicodeScalars)
        guard var index = scalarIndex(in: scalars, line: line, column: column), index < scalars.count else { return nil }
        var markerColumn = column
        switch scalars[index] {
        case "\"", "'":
            index += 1
            markerColumn += 1
        case "&", "*", "!", "?", "{", "[", "|", ">", "#", " ", "\t", "\n", "\r":
            return nil
        default:
            break
        }
        scalars.insert(marker, at: index)
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return (String(result), markerColumn)
    }

    /// Whether `scalar` ends a line for libyaml (`\r\n` counts once).
    private static func isBreak(_ scalars: [Unicode.Scalar], _ i: Int) -> Bool {
        switch scalars[i] {
        case "\n", "\u{85}", "\u{2028}", "\u{2029}": return true
        case "\r": return i + 1 >= scalars.count || scalars[i + 1] != "\n"
        default: return false
        }
    }

    /// Index of the scalar at a 1-based line and column, as libyaml counts them.
    private static func scalarIndex(in scalars: [Unicode.Scalar], line: Int, column: Int) -> Int? {
        var currentLine = 1
        var lineStart = 0
        var i = 0
        while currentLine < line {
            guard i < scalars.count else { return nil }
            if isBreak(scalars, i) {
                currentLine += 1
                lineStart = i + 1
            }
            i += 1
        }
        return lineStart + column - 1
    }

    /// The 1-based line and column of a UTF-8 byte offset.
    private static func location(utf8Offset: Int, in text: String) -> Location? {
        let bytes = Array(text.utf8)
        guard utf8Offset >= 0, utf8Offset <= bytes.count else { return nil }
        let prefix = String(decoding: bytes[..<utf8Offset], as: UTF8.self)
        let scalars = Array(prefix.unicodeScalars)
        var line = 1
        var column = 1
        for i in scalars.indices {
            if isBreak(scalars, i) { line += 1; column = 1 } else if scalars[i] != "\r" { column += 1 }
        }
        return (line, column)
    }
}
