internal import CYaml

/// Bounds on the tree a YAML document describes, checked on libyaml's event
/// stream before Yams builds any tree.
///
/// An alias `*a` stands for a copy of the node anchored `&a`, and aliases
/// nest: nine lines of nine aliases each describe 9^9 values (a "billion
/// laughs" in 1 KB). Yams shares the anchored node, but hashing a mapping key
/// and converting to `YAMLNode` both walk the expanded tree, so such a file
/// would take hours and gigabytes. `check` therefore walks the document's
/// events once, in time and memory linear in the text, with the libyaml that
/// Yams itself uses (Yams' `CYaml` target, whose module map SwiftPM gives every
/// target that depends on Yams), and counts what the document holds once every
/// alias is expanded: values, scalar bytes and nesting depth. It stops at the
/// first event past a bound, before anything is expanded.
///
/// The bounds are far above what any scenario needs (the largest shipped file
/// has a few hundred values, five levels and 8 KB) and low enough that a
/// document within them loads in seconds and well under a gigabyte; the
/// depth bound also keeps the recursive tree walks far from the end of a
/// thread's stack. docs/scenario-format.md lists them.
enum YAMLBounds {
    /// Most values (scalars, lists, mappings; keys count) a document may hold, aliases expanded.
    static let maximumValues = 500_000
    /// Deepest nesting of lists and mappings, aliases expanded (the root is level 1).
    static let maximumDepth = 64
    /// Most bytes of scalar text a document may hold, aliases expanded: what an input file may hold.
    static let maximumScalarBytes = SourceText.maximumBytes

    /// Where a bound is passed and what to do about it.
    struct Excess: Equatable {
        /// 1-based line and column (in Unicode scalars) of the event that passed the bound.
        let line: Int
        let column: Int
        /// The key path of that place.
        let path: NodePath
        let message: String
    }

    /// What one node holds once its aliases are expanded.
    private struct Extent {
        var values = 0
        var bytes = 0
        /// Levels of lists and mappings, counting the node's own (0 for a scalar).
        var depth = 0
    }

    /// An open list or mapping.
    private struct Frame {
        let isMapping: Bool
        let anchor: String?
        var content = Extent()
        /// Items seen (a list) or keys and values seen (a mapping).
        var children = 0
        /// The text of the last scalar key, for key paths.
        var lastKey: String?
    }

    /// The first bound `text` passes, or `nil` when it passes none (or is not
    /// valid YAML: the reader then reports Yams' syntax error as usual).
    static func check(_ text: String) -> Excess? {
        guard !text.isEmpty else { return nil }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> Excess? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var walk = Walk()
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let excess = walk.step(event) { return excess }
            }
            // libyaml's own limit (1000 levels, counting the '[' its scanner has
            // read ahead) can stop it before the walk sees level 65: say it our way.
            guard parser.error == YAML_PARSER_ERROR, let problem = parser.problem,
                  String(cString: problem).hasPrefix("Maximum nesting level") else { return nil }
            return Excess(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1, path: walk.path,
                          message: depthMessage(alias: nil))
        }
    }

    /// The message of a document nested deeper than `maximumDepth`, here or at the alias named `alias`.
    private static func depthMessage(alias: String?) -> String {
        let place = alias.map { " at the alias '*\($0)'" } ?? ""
        let how = alias == nil
            ? "check for a '[' or '{' that is never closed, or indentation that keeps growing"
            : "alias a shallower value, or write it out"
        return "the document nests lists and mappings more than \(maximumDepth) levels deep\(place), which is the loader's bound "
            + "(scenarios nest a few levels); \(how)"
    }

    /// The running count of one pass over the events.
    private struct Walk {
        var stack: [Frame] = []
        var anchors: [String: Extent] = [:]
        var total = Extent()

        mutating func step(_ event: yaml_event_t) -> Excess? {
            let line = Int(event.start_mark.line) + 1
            let column = Int(event.start_mark.column) + 1
            switch event.type {
            case YAML_SCALAR_EVENT:
                let length = Int(event.data.scalar.length)
                let node = Extent(values: 1, bytes: length, depth: 0)
                if let excess = add(node, line: line, column: column, alias: nil) { return excess }
                if let anchor = Self.text(event.data.scalar.anchor) { anchors[anchor] = node }
                if var top = stack.popLast() {
                    if top.isMapping, top.children % 2 == 0 {
                        top.lastKey = event.data.scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) }
                    }
                    top.children += 1
                    stack.append(top)
                }
            case YAML_ALIAS_EVENT:
                // An undefined alias is Yams' error to report; count it as one value.
                let name = Self.text(event.data.alias.anchor) ?? ""
                let node = anchors[name] ?? Extent(values: 1, bytes: 0, depth: 0)
                if let excess = add(node, line: line, column: column, alias: name) { return excess }
                if var top = stack.popLast() {
                    if top.isMapping, top.children % 2 == 0 { top.lastKey = nil }
                    top.children += 1
                    stack.append(top)
                }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                if let excess = add(Extent(values: 1, bytes: 0, depth: 1), line: line, column: column, alias: nil) { return excess }
                let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                stack.append(Frame(isMapping: isMapping, anchor: Self.text(anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = stack.popLast() else { return nil }
                let node = Extent(values: 1 + closed.content.values, bytes: closed.content.bytes, depth: 1 + closed.content.depth)
                if let anchor = closed.anchor { anchors[anchor] = node }
                if var top = stack.popLast() {
                    top.content.values += node.values
                    top.content.bytes += node.bytes
                    top.content.depth = max(top.content.depth, node.depth)
                    if top.isMapping, top.children % 2 == 0 { top.lastKey = nil }
                    top.children += 1
                    stack.append(top)
                }
            default:
                break
            }
            return nil
        }

        /// Counts `node` (a scalar, an alias's expansion, or a list or mapping
        /// just opened) at the current place; the excess if a bound is passed.
        /// Scalars and aliases are added to the enclosing frame here; a list or
        /// mapping is added when it closes.
        private mutating func add(_ node: Extent, line: Int, column: Int, alias: String?) -> Excess? {
            total.values += node.values
            total.bytes += node.bytes
            let depth = stack.count + node.depth
            let place = alias.map { " at the alias '*\($0)'" } ?? ""
            if depth > YAMLBounds.maximumDepth {
                return excess(line, column, YAMLBounds.depthMessage(alias: alias))
            }
            if total.values > YAMLBounds.maximumValues {
                let why = alias == nil
                    ? "a scenario holds a few thousand at most; check that this is the file you meant"
                    : "nested aliases multiply (a 'billion laughs'); write the values out, or use fewer aliases of aliases"
                return excess(line, column, "the document holds more than \(YAMLBounds.maximumValues) values\(place), "
                              + "counting each alias as a copy of what it names, which is the loader's bound: \(why)")
            }
            if total.bytes > YAMLBounds.maximumScalarBytes {
                return excess(line, column, "the document's text passes \(SourceText.maximumBytesDescription)\(place), counting each "
                              + "alias as a copy of what it names, more than an input file may hold; alias long values fewer times")
            }
            if alias == nil, node.depth == 0, var top = stack.popLast() {
                top.content.values += node.values
                top.content.bytes += node.bytes
                stack.append(top)
            } else if alias != nil, var top = stack.popLast() {
                top.content.values += node.values
                top.content.bytes += node.bytes
                top.content.depth = max(top.content.depth, node.depth)
                stack.append(top)
            }
            return nil
        }

        private func excess(_ line: Int, _ column: Int, _ message: String) -> Excess {
            Excess(line: line, column: column, path: path, message: message)
        }

        /// The key path of the current place, from the open frames.
        var path: NodePath {
            var path = NodePath.root
            for frame in stack {
                if frame.isMapping {
                    guard let key = frame.lastKey, frame.children % 2 == 1 else { break }
                    path = path.key(key)
                } else {
                    path = path.index(frame.children)
                }
            }
            return path
        }

        /// A C string of libyaml (an anchor name), or `nil`.
        private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: $0) }
        }
    }
}
