/// Where a node of the scenario tree came from: a place in the file, or a `--set` value.
struct SourcePosition: Sendable, Hashable {
    /// Display path of the file, or `--set PATH` for a node from an override value.
    var file: String
    /// 1-based line; `nil` for override values.
    var line: Int?
    /// 1-based column in Unicode scalars; `nil` for override values.
    var column: Int?
    /// Sort key that puts diagnostics in document order. For override values it
    /// is the position of the node they replaced, so their diagnostics appear
    /// where the value sits in the document.
    var order: Order

    /// Document-order sort key: line, then column.
    struct Order: Sendable, Hashable, Comparable {
        var line: Int
        var column: Int

        static func < (a: Order, b: Order) -> Bool {
            (a.line, a.column) < (b.line, b.column)
        }
    }

    /// A position in a file.
    static func file(_ file: String, line: Int, column: Int) -> SourcePosition {
        SourcePosition(file: file, line: line, column: column, order: Order(line: line, column: column))
    }

    /// The position of everything inside the value of `--set PATH=...`.
    static func override(path: String, order: Order) -> SourcePosition {
        SourcePosition(file: "--set \(path)", line: nil, column: nil, order: order)
    }
}
