extension Philox4x64 {
    /// The generator for one named stream, positioned at its first output.
    ///
    /// Layout (fixed; changing it changes every result):
    ///
    ///     key     = (seed, point)
    ///     counter = (b mod 2⁶⁴, b div 2⁶⁴, replicate, substream)
    ///
    /// where `b` is the 128-bit block index within the stream, starting at 0;
    /// output `i` of the stream is word `i mod 4` of block `b = i div 4`.
    /// Substream 0 is the layout of every stream before substreams existed, so
    /// ordinary replicates are unchanged by them.
    ///
    /// Why streams never overlap: two streams with different keys evaluate
    /// different bijections, so they never share a (key, counter) input; two
    /// streams with the same key but different (replicate, substream) pairs use
    /// the disjoint counter sets `{(b, r, s)}` and `{(b, r', s')}`, and the 256-bit
    /// increment in `next()` can only carry into the replicate word after 2¹²⁸ blocks
    /// (2¹³⁰ outputs), far beyond any run. So no output block is ever computed
    /// by two streams, and no stream is a shifted copy of another. That distinct
    /// keys also give statistically independent streams is the design claim of
    /// counter-based generators (Salmon et al. 2011, where Philox4×64-10
    /// passes TestU01 BigCrush); it is not provable by construction, only by
    /// testing.
    ///
    /// Complexity O(1): no block is computed until the first `next()`.
    @inlinable
    public init(stream: StreamID) {
        self.init(key: (stream.seed, stream.point),
                  counter: (0, 0, stream.replicate, stream.substream))
    }
}
