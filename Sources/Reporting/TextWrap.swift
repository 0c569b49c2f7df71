/// Greedy line filling for terminal text.
public enum TextWrap {
    /// `pieces` joined by `separator` into lines of at most `width`
    /// characters, a new line starting whenever the next piece would not fit
    /// (a piece longer than `width` gets a line of its own). Complexity: O(total length).
    public static func lines(_ pieces: [String], width: Int, separator: String = " ") -> [String] {
        var lines: [String] = [], line = ""
        for piece in pieces {
            if !line.isEmpty && line.count + separator.count + piece.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : separator) + piece
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
