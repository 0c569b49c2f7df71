import RandomStreams

/// A Sobol' low-discrepancy sequence in up to 128 dimensions, 32-bit, plain
/// or scrambled (linear matrix scrambling and a random digital shift).
///
/// Point n (from 0) in dimension j is the binary fraction whose digits are
/// C_j·g(n) over GF(2), where g(n) = n ⊕ (n >> 1) is n's Gray code and the
/// columns of C_j are the direction numbers v_{j,k} (Bratley and Fox 1988;
/// Joe and Kuo 2008, `SobolDirectionNumbers`): v_k = m_k·2^(32−k) for
/// k ≤ s, then v_k = a₁v_(k−1) ⊕ … ⊕ a_(s−1)v_(k−s+1) ⊕ v_(k−s) ⊕ (v_(k−s) >> s).
/// This is the order of Antonov and Saleev's Gray-code generator, as in
/// common libraries. The first 2^m points of every one-dimensional
/// projection are then one in each of the 2^m intervals [i/2^m, (i+1)/2^m).
///
/// Scrambling multiplies every C_j on the left by a random lower-triangular
/// binary matrix with unit diagonal (output digit d depends on input digits
/// 1…d, so the stratification above is kept) and XORs a random 32-bit
/// shift (Matoušek 1998; Owen 2003). Complexity: O(32·dimensions) to set up,
/// O(dimensions · popcount(g(n))) per point.
public struct SobolSequence: Sendable {
    /// The most dimensions this table supports.
    public static let maximumDimensions = SobolDirectionNumbers.dimensions

    public let dimensions: Int
    /// `directions[j][k]`: v_{j,k+1} as a 32-bit integer (most significant bit = first binary digit).
    private(set) var directions: [[UInt32]]
    /// The digital shift of every dimension (0 when not scrambled).
    private(set) var shifts: [UInt32]

    /// The plain (unscrambled) sequence in `dimensions` dimensions (1 … `maximumDimensions`).
    public init(dimensions: Int) {
        precondition((1...Self.maximumDimensions).contains(dimensions), "Sobol' dimensions must be 1…\(Self.maximumDimensions)")
        self.dimensions = dimensions
        shifts = Array(repeating: 0, count: dimensions)
        directions = (0..<dimensions).map(Self.directionNumbers)
    }

    /// The sequence scrambled with matrices and shifts drawn from `rng`.
    public init(dimensions: Int, scrambledWith rng: inout Philox4x64) {
        self.init(dimensions: dimensions)
        for j in 0..<dimensions {
            // Row d (digit d + 1 from the top, bit 31 − d) of the lower-triangular matrix:
            // its own bit, and random bits for the more significant digits.
            var rows = [UInt32](repeating: 0, count: 32)
            for d in 0..<32 {
                let own = UInt32(1) << UInt32(31 - d)
                let above: UInt32 = d == 0 ? 0 : ~(own | (own &- 1))
                rows[d] = own | (UInt32(truncatingIfNeeded: rng.next()) & above)
            }
            directions[j] = directions[j].map { v in
                var out: UInt32 = 0
                for d in 0..<32 where (rows[d] & v).nonzeroBitCount & 1 == 1 { out |= UInt32(1) << UInt32(31 - d) }
                return out
            }
            shifts[j] = UInt32(truncatingIfNeeded: rng.next())
        }
    }

    /// The 32 direction numbers of dimension `j` (0-based).
    static func directionNumbers(_ j: Int) -> [UInt32] {
        var v = [UInt32](repeating: 0, count: 32)
        guard j > 0 else {
            for k in 0..<32 { v[k] = UInt32(1) << UInt32(31 - k) }
            return v
        }
        let (polynomial, m) = SobolDirectionNumbers.table[j - 1]
        let s = m.count
        for k in 0..<min(s, 32) { v[k] = m[k] << UInt32(31 - k) }
        guard s < 32 else { return v }
        for k in s..<32 {
            var next = v[k - s] ^ (v[k - s] >> UInt32(s))
            for i in 1..<s where (polynomial >> UInt32(s - i)) & 1 == 1 { next ^= v[k - i] }
            v[k] = next
        }
        return v
    }

    /// Point `n`'s 32 binary digits in every dimension.
    public func integers(_ n: UInt32) -> [UInt32] {
        let gray = n ^ (n >> 1)
        return (0..<dimensions).map { j in
            var x = shifts[j], bits = gray, k = 0
            while bits != 0 {
                if bits & 1 == 1 { x ^= directions[j][k] }
                bits >>= 1
                k += 1
            }
            return x
        }
    }

    /// Point `n` in [0, 1)^dimensions: the digits as a fraction, x / 2³².
    public func point(_ n: Int) -> [Double] {
        precondition(n >= 0 && n <= Int(UInt32.max), "Sobol' points are numbered 0…2³²−1")
        return integers(UInt32(n)).map { Double($0) / 4_294_967_296.0 }
    }
}
