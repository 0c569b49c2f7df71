/// A generator that returns the given words in order (for boundary tests).
struct ScriptedGenerator: RandomNumberGenerator {
    var words: [UInt64]
    private(set) var used = 0

    init(_ words: [UInt64]) { self.words = words }

    mutating func next() -> UInt64 {
        precondition(used < words.count, "scripted generator ran out of words")
        defer { used += 1 }
        return words[used]
    }

    /// The word whose top 53 bits are `j`, so `Sampler.uniform` maps it to `j·2⁻⁵³`.
    static func word(lattice j: UInt64) -> UInt64 { j << 11 }
}

/// Wraps a generator and counts the words drawn.
struct CountingGenerator<Base: RandomNumberGenerator>: RandomNumberGenerator {
    var base: Base
    private(set) var count = 0
    init(_ base: Base) { self.base = base }
    mutating func next() -> UInt64 {
        count += 1
        return base.next()
    }
}
