/// "Did you mean" suggestions for misspelt keys and names, by edit distance.
public enum KeySuggestion {
    /// The candidate closest to `word` by Levenshtein distance, when that
    /// distance is at most `max(2, word.count / 3)` and smaller than the
    /// longer length (so `x` does not "suggest" `in`: that replaces everything). Ties go to the candidate
    /// whose length is closest to the word's, then to the earlier one.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = max(2, word.count / 3)
        var best: (candidate: String, rank: (Int, Int))?
        for candidate in candidates {
            let rank = (distance(word, candidate), abs(candidate.count - word.count))
            let plausible = rank.0 <= limit && rank.0 < max(word.count, candidate.count)
            if plausible, best.map({ rank < $0.rank }) ?? true { best = (candidate, rank) }
        }
        return best?.candidate
    }

    /// The Levenshtein distance between two strings (insertions, deletions,
    /// substitutions of characters, each costing 1).
    ///
    /// Complexity: O(a·b) time, O(b) memory.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// "did you mean 'x'?" or, without a close candidate, the list of valid choices.
    static func hint(for word: String, among candidates: [String], noun: String = "valid keys") -> String {
        if let close = closest(to: word, among: candidates) {
            return "did you mean '\(close)'? (\(noun): \(candidates.joined(separator: ", ")))"
        }
        return "\(noun): \(candidates.joined(separator: ", "))"
    }
}
