/// A counter-based random number generator: Philox4×64 with 10 rounds.
///
/// Philox (Salmon, Moraes, Dror & Shaw 2011, "Parallel random numbers: as easy
/// as 1, 2, 3", SC'11) is a keyed bijection `b_k` on 256-bit blocks. The
/// generator's output is `b_k(c), b_k(c+1), b_k(c+2), …` for a 256-bit counter
/// `c`, read four 64-bit words per block, word 0 first. No state is carried
/// between blocks, so any position of any stream can be computed directly.
///
/// One round maps the block `(x0, x1, x2, x3)` under round key `(k0, k1)` to
///
///     (hi(M1·x2) ⊕ x1 ⊕ k0,  lo(M1·x2),  hi(M0·x0) ⊕ x3 ⊕ k1,  lo(M0·x0))
///
/// where `hi`/`lo` are the upper and lower halves of the 128-bit product and
/// `M0 = 0xD2E7470EE14C6C93`, `M1 = 0xCA5A826395121157` (the paper's
/// multipliers). Between rounds the key is bumped by the Weyl constants
/// `W0 = 0x9E3779B97F4A7C15` (golden ratio − 1) and
/// `W1 = 0xBB67AE8584CAA73B` (√3 − 1), as 64-bit fractions. Ten rounds is the paper's recommended (Crush-resistant with
/// margin) choice and the one Random123's known-answer vectors use.
///
/// `next()` computes `blocksPerRefill` consecutive blocks at once, their
/// rounds interleaved (`blocks(from:key:)`), and returns their 16 words in
/// stream order: the output is word for word that of one block at a time,
/// and only the cost changes. A block's ten rounds are one chain of
/// dependent multiplications; four independent chains side by side keep
/// the multiplier busy while each waits for its last product (3.7 instead
/// of 4.4 ns a word in a standalone measurement, docs/performance.md;
/// `make bench` has both as `philox 2^20 words, …`).
///
/// Complexity: one block costs 20 64×64→128-bit multiplications and yields
/// four outputs; `next()` is O(1) (a refill is 4 blocks). State: 184 bytes.
public struct Philox4x64: RandomNumberGenerator, Sendable {
    /// A 256-bit counter or output block, word 0 least significant.
    public typealias Block = (UInt64, UInt64, UInt64, UInt64)
    /// A 128-bit key.
    public typealias Key = (UInt64, UInt64)
    /// Four consecutive blocks, the first one first (16 words, contiguous).
    public typealias Blocks = (Block, Block, Block, Block)

    /// How many blocks one refill of `next()` computes.
    public static let blocksPerRefill = 4
    /// Words per refill: `4·blocksPerRefill`.
    @usableFromInline static let wordsPerRefill = 16

    @usableFromInline var key: Key
    /// The counter of the next block to compute.
    @usableFromInline var counter: Block
    /// The outputs of the last `blocksPerRefill` blocks, consumed in order.
    @usableFromInline var buffer: Blocks = ((0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0))
    /// Index of the next word of `buffer` to return; `wordsPerRefill` means "empty".
    @usableFromInline var index: Int = 16

    /// A generator whose first output is word 0 of `block(counter:key:)`.
    ///
    /// - Parameters:
    ///   - key: the 128-bit key selecting one of 2¹²⁸ bijections.
    ///   - counter: the 256-bit counter of the first block (default zero).
    @inlinable
    public init(key: Key, counter: Block = (0, 0, 0, 0)) {
        self.key = key
        self.counter = counter
    }

    /// The next 64 random bits: the next unread word of the current block.
    ///
    /// When the buffered words are used up, the `blocksPerRefill` blocks at
    /// counters `c, c+1, …` are computed and the counter advances past them,
    /// each step a 256-bit increment (carry from word 0 upward, wrapping at
    /// 2²⁵⁶). So the words come in the order of one block at a time: word
    /// `i` is word `i mod 4` of the block at `c₀ + ⌊i/4⌋`.
    @inlinable
    public mutating func next() -> UInt64 {
        if index == Self.wordsPerRefill { refill() }
        defer { index &+= 1 }
        return withUnsafeBytes(of: &buffer) { $0.load(fromByteOffset: index &* 8, as: UInt64.self) }
    }

    /// Computes the blocks at the current counter into `buffer` and advances
    /// the counter; kept out of line so that `next()` inlines into samplers.
    @usableFromInline @inline(never)
    mutating func refill() {
        buffer = Self.blocks(from: counter, key: key)
        for _ in 0..<Self.blocksPerRefill { Self.increment(&counter) }
        index = 0
    }

    /// The four blocks at counters `counter, counter+1, counter+2,
    /// counter+3` (256-bit increments), their rounds interleaved.
    ///
    /// Equal to four calls of `block(counter:key:)`; the ten rounds of the
    /// four blocks are computed side by side, so that the processor overlaps
    /// four independent chains of multiplications. Complexity O(1): 80
    /// multiplications.
    @inlinable
    public static func blocks(from counter: Block, key: Key) -> Blocks {
        var a = counter
        var b = a
        increment(&b)
        var c = b
        increment(&c)
        var d = c
        increment(&d)
        var k = key
        applyRound(&a, k)
        applyRound(&b, k)
        applyRound(&c, k)
        applyRound(&d, k)
        for _ in 1..<10 {
            k.0 &+= 0x9E37_79B9_7F4A_7C15
            k.1 &+= 0xBB67_AE85_84CA_A73B
            applyRound(&a, k)
            applyRound(&b, k)
            applyRound(&c, k)
            applyRound(&d, k)
        }
        return (a, b, c, d)
    }

    /// The Philox4×64-10 bijection: the block for `counter` under `key`.
    ///
    /// This is the raw function Random123's known-answer vectors specify
    /// (`philox4x64 10 <ctr0…3> <key0…1> <out0…3>`). Complexity O(1).
    @inlinable
    public static func block(counter: Block, key: Key) -> Block {
        var x = counter
        var k = key
        applyRound(&x, k)
        for _ in 1..<10 {
            k.0 &+= 0x9E37_79B9_7F4A_7C15
            k.1 &+= 0xBB67_AE85_84CA_A73B
            applyRound(&x, k)
        }
        return x
    }

    /// One Philox S-box/permutation round (see the type's documentation).
    @inlinable
    static func applyRound(_ x: inout Block, _ k: Key) {
        let p0 = UInt64(0xD2E7_470E_E14C_6C93).multipliedFullWidth(by: x.0)
        let p1 = UInt64(0xCA5A_8263_9512_1157).multipliedFullWidth(by: x.2)
        x = (p1.high ^ x.1 ^ k.0, p1.low, p0.high ^ x.3 ^ k.1, p0.low)
    }

    /// Adds one to a 256-bit little-endian counter, wrapping at 2²⁵⁶.
    @inlinable
    static func increment(_ c: inout Block) {
        let (w0, carry0) = c.0.addingReportingOverflow(1)
        c.0 = w0
        guard carry0 else { return }
        let (w1, carry1) = c.1.addingReportingOverflow(1)
        c.1 = w1
        guard carry1 else { return }
        let (w2, carry2) = c.2.addingReportingOverflow(1)
        c.2 = w2
        if carry2 { c.3 &+= 1 }
    }
}
