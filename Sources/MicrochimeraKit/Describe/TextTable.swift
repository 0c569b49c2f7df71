/// A plain-text table with aligned columns, for `describe`.
///
/// Every column is as wide as its widest cell; the last column is wrapped at
/// spaces when a row would pass `width`, its continuation lines aligned under
/// it. A row of no cells prints as an empty line (to separate groups).
struct TextTable {
    enum Alignment { case left, right }

    struct Column {
        let title: String
        let alignment: Alignment
    }

    let columns: [Column]
    private(set) var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        self.columns = columns.map { Column(title: $0.0, alignment: $0.1) }
    }

    /// Appends a row; missing trailing cells are empty.
    mutating func add(_ cells: [String]) {
        rows.append(cells + Array(repeating: "", count: max(0, columns.count - cells.count)))
    }

    /// Appends an empty separator line.
    mutating func addSeparator() { rows.append([]) }

    /// Whether the table has no rows.
    var isEmpty: Bool { rows.isEmpty }

    /// The table with a header line, indented by `indent` spaces.
    func render(indent: Int = 2, width: Int = 100) -> String {
        var widths = columns.map(\.title.count)
        for row in rows where !row.isEmpty {
            for (k, cell) in row.enumerated() where k < widths.count { widths[k] = max(widths[k], cell.count) }
        }
        let lead = String(repeating: " ", count: indent)
        let lastStart = indent + widths.dropLast().reduce(0) { $0 + $1 + 2 }
        let lastWidth = max(20, width - lastStart)
        var out = ""
        func emit(_ cells: [String]) {
            var line = lead
            for k in 0..<(columns.count - 1) {
                line += pad(cells[k], widths[k], columns[k].alignment) + "  "
            }
            let last = columns.count - 1
            let chunks = columns[last].alignment == .right ? [pad(cells[last], widths[last], .right)] : wrap(cells[last], lastWidth)
            out += trimmed(line + (chunks.first ?? "")) + "\n"
            for chunk in chunks.dropFirst() { out += String(repeating: " ", count: lastStart) + chunk + "\n" }
        }
        emit(columns.map(\.title))
        for row in rows {
            if row.isEmpty { out += "\n" } else { emit(row) }
        }
        return out
    }

    private func pad(_ s: String, _ w: Int, _ a: Alignment) -> String {
        let fill = String(repeating: " ", count: max(0, w - s.count))
        return a == .left ? s + fill : fill + s
    }

    private func trimmed(_ s: String) -> String {
        var s = s
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    /// Splits `text` at spaces into lines of at most `width` characters (a
    /// single word longer than that stays whole).
    private func wrap(_ text: String, _ width: Int) -> [String] {
        guard text.count > width else { return [text] }
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        return lines
    }
}
