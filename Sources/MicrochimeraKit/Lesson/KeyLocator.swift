/// Finds the line and column where a block-style YAML text writes a key path
/// such as `horizon` or `cohort.size`, for the page's bound diagnostics.
///
/// Each component is looked for as `name:` at the start of a line (after
/// indentation), the first at the top level, each next one deeper inside the
/// block of the previous; comments and flow-style maps are not searched. O(lines).
enum KeyLocator {
    /// 1-based (line, column) of `path`'s last component found, or nil when even the first is not written.
    static func position(of path: String, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var found: (line: Int, column: Int)?
        var start = 0
        var parentIndent = -1
        for component in path.split(separator: ".") {
            var hit: (index: Int, indent: Int)?
            var i = start
            while i < lines.count {
                let line = lines[i]
                let indent = line.prefix { $0 == " " }.count
                let body = line.dropFirst(indent)
                if !body.isEmpty && !body.hasPrefix("#") && indent <= parentIndent { break }
                let bare = body.hasPrefix("- ") ? body.dropFirst(2) : body
                if (parentIndent < 0 ? indent == 0 : indent > parentIndent) && bare.hasPrefix(component + ":") {
                    hit = (i, indent)
                    break
                }
                i += 1
            }
            guard let hit else { return found }
            found = (hit.index + 1, hit.indent + 1)
            start = hit.index + 1
            parentIndent = hit.indent
        }
        return found
    }
}
