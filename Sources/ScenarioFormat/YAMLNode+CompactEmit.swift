/// Writing the tree back as compact YAML: the layout the scenario library uses.
extension YAMLNode {
    /// Longest line a flow collection (`{ a: 1, b: 2 }`, `[x, y]`) may make.
    static let compactLineWidth = 100

    /// The tree as block YAML in which small collections below the top-level
    /// keys are written on one line in flow style, and a list item that is a
    /// mapping starts on its dash (`- name: x`). Scalars are written as
    /// `yamlText()` writes them, quoted where flow context needs it (a `,`,
    /// `[`, `]`, `{` or `}` inside). Reading the text back gives the same tree
    /// up to source positions. Complexity: linear in the tree's text times its depth.
    func compactText() -> String {
        var out = ""
        switch content {
        case .mapping(let entries) where !entries.isEmpty: Self.compact(entries, indent: 0, depth: 0, into: &out)
        case .sequence(let items) where !items.isEmpty: Self.compact(items, indent: 0, depth: 0, into: &out)
        default: out = (flowText ?? "\"\"") + "\n"
        }
        return out
    }

    /// The node in flow style, or nil when it holds an empty value (which flow style would not read back the same).
    private var flowText: String? {
        switch content {
        case .scalar(let text, let isPlain):
            if isNull { return nil }
            return isPlain && Self.isSafePlain(text, allowEmpty: false) && !Self.hasFlowIndicator(text) ? text : Self.quoted(text)
        case .mapping(let entries):
            if entries.isEmpty { return "{}" }
            var parts: [String] = []
            for entry in entries {
                guard let value = entry.value.flowText else { return nil }
                parts.append(Self.flowKey(entry.key) + ": " + value)
            }
            return "{ " + parts.joined(separator: ", ") + " }"
        case .sequence(let items):
            if items.isEmpty { return "[]" }
            var parts: [String] = []
            for item in items {
                guard let value = item.flowText else { return nil }
                parts.append(value)
            }
            return "[" + parts.joined(separator: ", ") + "]"
        }
    }

    /// The value written after `prefix` on one line when it is a scalar, or a
    /// collection at `depth` of at least 2 whose flow form fits the line.
    private func oneLine(after prefix: String, depth: Int) -> String? {
        if case .scalar(let text, let isPlain) = content {
            if isNull { return "" }
            return isPlain && Self.isSafePlain(text, allowEmpty: true) ? text : Self.quoted(text)
        }
        if case .mapping(let entries) = content, entries.isEmpty { return "{}" }
        if case .sequence(let items) = content, items.isEmpty { return "[]" }
        guard depth >= 2, let flow = flowText, prefix.count + flow.count <= Self.compactLineWidth else { return nil }
        return flow
    }

    private static func compact(_ entries: [Entry], indent: Int, depth: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for entry in entries {
            let key = isSafePlain(entry.key, allowEmpty: false) && !entry.key.contains(":") ? entry.key : quoted(entry.key)
            if let value = entry.value.oneLine(after: pad + key + ": ", depth: depth + 1) {
                out += pad + key + ":" + (value.isEmpty ? "" : " " + value) + "\n"
            } else {
                out += pad + key + ":\n"
                entry.value.compactBlock(indent: indent + 2, depth: depth + 1, into: &out)
            }
        }
    }

    private static func compact(_ items: [YAMLNode], indent: Int, depth: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            if let value = item.oneLine(after: pad + "- ", depth: depth + 1) {
                out += pad + "-" + (value.isEmpty ? "" : " " + value) + "\n"
            } else if case .mapping(let entries) = item.content {
                var block = ""
                compact(entries, indent: indent + 2, depth: depth + 1, into: &block)
                out += pad + "- " + block.dropFirst(indent + 2)
            } else {
                out += pad + "-\n"
                item.compactBlock(indent: indent + 2, depth: depth + 1, into: &out)
            }
        }
    }

    private func compactBlock(indent: Int, depth: Int, into out: inout String) {
        switch content {
        case .mapping(let entries): Self.compact(entries, indent: indent, depth: depth, into: &out)
        case .sequence(let items): Self.compact(items, indent: indent, depth: depth, into: &out)
        case .scalar: out += String(repeating: " ", count: indent) + (flowText ?? "") + "\n"
        }
    }

    /// A mapping key in flow style: plain when safe, else double-quoted.
    private static func flowKey(_ key: String) -> String {
        isSafePlain(key, allowEmpty: false) && !key.contains(":") && !hasFlowIndicator(key) ? key : quoted(key)
    }

    /// Whether `text` holds a character that ends a plain scalar in flow context.
    private static func hasFlowIndicator(_ text: String) -> Bool {
        text.unicodeScalars.contains { ",[]{}".unicodeScalars.contains($0) }
    }
}
