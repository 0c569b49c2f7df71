/// Collects diagnostics while a scenario is read and returns them in document order.
struct DiagnosticSink: Sendable {
    private var entries: [(order: SourcePosition.Order, diagnostic: Diagnostic)] = []

    /// Whether nothing has been reported.
    var isEmpty: Bool { entries.isEmpty }

    /// Number of diagnostics reported so far.
    var count: Int { entries.count }

    /// Records a problem with the node at `position`, whose key path is `path`.
    mutating func report(_ message: String, at position: SourcePosition, path: NodePath) {
        let diagnostic = Diagnostic(
            file: position.file, line: position.line, column: position.column,
            keyPath: path.description, message: message)
        entries.append((position.order, diagnostic))
    }

    /// Records a problem that has no node, placed before everything in the document.
    mutating func report(_ diagnostic: Diagnostic) {
        entries.append((SourcePosition.Order(line: 0, column: 0), diagnostic))
    }

    /// All diagnostics, sorted by document position; ties keep the order they were reported in.
    var sorted: [Diagnostic] {
        entries.enumerated()
            .sorted { a, b in a.element.order == b.element.order ? a.offset < b.offset : a.element.order < b.element.order }
            .map(\.element.diagnostic)
    }
}
