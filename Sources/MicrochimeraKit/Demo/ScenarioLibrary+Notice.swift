import ScenarioFormat

/// What a lecturer reads beside a library scenario, and its text for the page.
extension ScenarioLibrary {
    /// The label of the header comment paragraph that says what to notice.
    public static let noticeLabel = "What to notice:"

    /// The "what to notice" line for a lecturer: the header comment paragraph
    /// that starts `# What to notice:` (its lines joined, the label left
    /// out), else the scenario's `description:`, else its title.
    public func notice(of entry: Entry) -> String {
        guard let text = try? text(of: entry) else { return entry.title }
        if let notice = Self.notice(inHeaderOf: text) { return notice }
        // The description as written, even in a text that does not load.
        if let description = (try? ScenarioEditor(text: text, file: entry.path))?.scalar(at: "description"), !description.isEmpty {
            return description.split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        return entry.title
    }

    /// The scenario file's text, read with the loader's bounds (a regular
    /// file of at most 16 MiB, UTF-8; a byte order mark left out).
    public func text(of entry: Entry) throws(RunError) -> String {
        do {
            return try ScenarioLoader.text(path: entry.path)
        } catch {
            throw .scenario(error)
        }
    }

    /// The `# What to notice:` paragraph of the leading comment block of `text`, on one line.
    static func notice(inHeaderOf text: String) -> String? {
        var words: [Substring] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("#") else { break }
            let body = trimmed.drop { $0 == "#" }.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            let content = body.hasSuffix("\r") ? body.dropLast() : body
            if !inside {
                guard content.hasPrefix(noticeLabel) else { continue }
                inside = true
                words.append(contentsOf: content.dropFirst(noticeLabel.count).split(separator: " "))
            } else {
                if content.isEmpty { break }
                words.append(contentsOf: content.split(separator: " "))
            }
        }
        return inside && !words.isEmpty ? words.joined(separator: " ") : nil
    }
}
