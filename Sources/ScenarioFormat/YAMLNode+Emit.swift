/// Writing the tree back as YAML text: a self-contained scenario document.
extension YAMLNode {
    /// The tree as block-style YAML, two spaces per level, ending in a newline.
    ///
    /// Plain scalars are written as they were read (they were valid plain
    /// YAML where they stood; block context accepts every plain scalar flow
    /// context does); quoted and block scalars, and plain ones that would not
    /// read back as the same text, are written double-quoted with escapes.
    /// Mapping keys are written plain when safe, else double-quoted. Empty
    /// mappings and lists are `{}` and `[]`. Reading the text back gives the
    /// same tree up to source positions. Complexity: linear in the tree's text.
    func yamlText() -> String {
        var out = ""
        switch content {
        case .mapping(let entries) where !entries.isEmpty: Self.emit(entries, indent: 0, into: &out)
        case .sequence(let items) where !items.isEmpty: Self.emit(items, indent: 0, into: &out)
        default: out = inlineText + "\n"
        }
        return out
    }

    /// The node on one line: a scalar, or an empty mapping or list.
    private var inlineText: String {
        switch content {
        case .scalar(let text, let isPlain): isPlain && Self.isSafePlain(text, allowEmpty: true) ? text : Self.quoted(text)
        case .mapping: "{}"
        case .sequence: "[]"
        }
    }

    /// Whether the node is written on the line of its key or dash.
    private var isInline: Bool {
        switch content {
        case .scalar: true
        case .mapping(let entries): entries.isEmpty
        case .sequence(let items): items.isEmpty
        }
    }

    private static func emit(_ entries: [Entry], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for entry in entries {
            let key = isSafePlain(entry.key, allowEmpty: false) && !entry.key.contains(":") ? entry.key : quoted(entry.key)
            if entry.value.isInline {
                let value = entry.value.inlineText
                out += pad + key + ":" + (value.isEmpty ? "" : " " + value) + "\n"
            } else {
                out += pad + key + ":\n"
                entry.value.emitBlock(indent: indent + 2, into: &out)
            }
        }
    }

    private static func emit(_ items: [YAMLNode], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            if item.isInline {
                let value = item.inlineText
                out += pad + "-" + (value.isEmpty ? "" : " " + value) + "\n"
            } else {
                out += pad + "-\n"
                item.emitBlock(indent: indent + 2, into: &out)
            }
        }
    }

    private func emitBlock(indent: Int, into out: inout String) {
        switch content {
        case .mapping(let entries): Self.emit(entries, indent: indent, into: &out)
        case .sequence(let items): Self.emit(items, indent: indent, into: &out)
        case .scalar: out += String(repeating: " ", count: indent) + inlineText + "\n"
        }
    }

    /// Whether `text` reads back as the same plain scalar on one line.
    static func isSafePlain(_ text: String, allowEmpty: Bool) -> Bool {
        guard let first = text.unicodeScalars.first else { return allowEmpty }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            // `-`, `?` and `:` may start a plain scalar when a non-space follows.
            guard "-?:".unicodeScalars.contains(first), text.unicodeScalars.count > 1,
                  text.unicodeScalars.dropFirst().first != " " else { return false }
        }
        if text.hasSuffix(" ") || text.hasPrefix(" ") || text.contains(": ") || text.contains(" #") || text.hasSuffix(":") {
            return false
        }
        return text.unicodeScalars.allSatisfy { !TextCharacters.isForbidden($0) && $0 != "\u{FEFF}" }
    }

    /// `text` as a double-quoted YAML scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                // Also NEL, U+2028 and U+2029, which YAML reads as line breaks, and a byte order mark.
                if TextCharacters.isForbidden(scalar) || scalar == "\u{FEFF}" {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += scalar.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                        : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
