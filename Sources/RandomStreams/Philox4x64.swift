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
/// Complexity: one block costs 20 64×64→128-bit multiplications and yields
/// four outputs; `next()` is O(1). State: 88 bytes.
public struct Philox4x64: RandomNumberGenerator, Sendable {
    /// A 256-bit counter or output block, word 0 least significant.
    public typealias Block = (UInt64, UInt64, UInt64, UInt64)
    /// A 128-bit key.
    public typealias Key = (UInt64, UInt64)

    @usableFromInline var key: Key
    /// The counter of the next block to compute.
    @usableFromInline var counter: Block
    /// The current block's outputs, consumed in order 0…3.
    @usableFromInline var buffer: Block = (0, 0, 0, 0)
    /// Index of the next word of `buffer` to return; 4 means "empty".
    @usableFromInline var index: Int = 4

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
    /// When the four words of a block are used up, the block at the current
    /// counter is computed and the counter is incremented as a 256-bit
    /// integer (carry from word 0 upward, wrapping at 2²⁵⁶).
    @inlinable
    public mutating func next() -> UInt64 {
        if index == 4 { refill() }
        defer { index &+= 1 }
        return withUnsafeBytes(of: &buffer) { $0.load(fromByteOffset: index &* 8, as: UInt64.self) }
    }

    /// Computes the block at the current counter into `buffer` and advances
    /// the counter; kept out of line so that `next()` inlines into samplers.
    @usableFromInline @inline(never)
    mutating func refill() {
        buffer = Self.block(counter: counter, key: key)
        Self.increment(&counter)
        index = 0
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
