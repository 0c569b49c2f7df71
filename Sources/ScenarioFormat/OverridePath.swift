/// The parsed key path of a `--set` override: keys and list indices.
struct OverridePath: Sendable, Hashable {
    /// One step of the path.
    enum Segment: Sendable, Hashable {
        /// A mapping key, or the `name` of an item in a list of mappings.
        case key(String)
        /// A 0-based list index, written `[i]`.
        case index(Int)
    }

    /// A syntax error in the path text.
    struct SyntaxError: Error {
        let reason: String
    }

    let segments: [Segment]

    /// Parses `a.b[2].c`; keys may contain any character but `.`, `[` and `]`.
    init(parsing text: String) throws(SyntaxError) {
        var segments: [Segment] = []
        var rest = Substring(text)
        var expectKey = true
        while !rest.isEmpty || expectKey {
            if expectKey {
                let key = rest.prefix { $0 != "." && $0 != "[" && $0 != "]" }
                if key.isEmpty, rest.first != "[" || !segments.isEmpty {
                    throw SyntaxError(reason: "the path '\(text)' has an empty key; expected keys separated by '.', e.g. 'network.flows[0].rate'")
                }
                if !key.isEmpty { segments.append(.key(String(key))) }
                rest = rest.dropFirst(key.count)
                expectKey = false
                continue
            }
            switch rest.first {
            case ".":
                rest = rest.dropFirst()
                expectKey = true
            case "[":
                let body = rest.dropFirst().prefix { $0 != "]" }
                guard rest.dropFirst(body.count + 1).first == "]" else {
                    throw SyntaxError(reason: "the path '\(text)' has a '[' without a matching ']'")
                }
                guard !body.isEmpty, body.allSatisfy(\.isASCII), body.allSatisfy(\.isNumber), let index = Int(body) else {
                    throw SyntaxError(reason: "the path '\(text)' has '[\(body)]'; a list index must be a whole number such as [0]")
                }
                segments.append(.index(index))
                rest = rest.dropFirst(body.count + 2)
            default:
                throw SyntaxError(reason: "the path '\(text)' has an unexpected '\(rest.first ?? " ")'; expected '.' or '[' after a key or index")
            }
        }
        self.segments = segments
    }
}
