import Foundation

/// The layer tables of the ziggurat method for the standard exponential.
///
/// Marsaglia & Tsang (2000), "The ziggurat method for generating random
/// variables", J. Stat. Softw. 5(8), with 256 layers of equal area `v` under
/// `f(x) = e^{−x}`: `r = 7.69711747013104972` is the right edge of the base
/// layer and `v = r·e^{−r} + e^{−r}` the common area (the base layer is the
/// rectangle `[0, r]×[0, e^{−r}]` plus the tail beyond r). With
/// `x₀ = v/e^{−r}` (the base layer's virtual width), `x₁ = r`,
/// `x_{i+1} = −log(v/x_i + e^{−x_i})`, and `x₂₅₆ = 0`, layer i is the box
/// `[0, x_i]×[e^{−x_i}, e^{−x_{i+1}}]`.
///
/// A draw picks a layer and a point `x = u·x_i` in it: if `x < x_{i+1}`, it
/// lies under the curve and is returned (about 99% of draws: one 64-bit word,
/// no logarithm); in the base layer, `x ≥ r` means the tail, drawn as
/// `r + Exp(1)` by memorylessness; otherwise a height `y` uniform in the
/// layer's wedge is compared with `e^{−x}` and the draw is rejected above it.
/// The result has exactly the exponential law (given exact uniforms).
///
/// Hot loops may hold `shared` in a local and call `sample(using:)`, which
/// saves the lazy-global check of `Sampler.standardExponential` per draw.
public struct ExponentialZiggurat: @unchecked Sendable {
    static let layers = 256
    /// r, the right edge of the base layer.
    public static let tailStart = 7.69711747013104972
    /// `x_i` at `[i]` and `e^{−x_i}` at `[257 + i]`, i = 0…256. Raw memory,
    /// written once in `init` and never freed or changed (the tables of
    /// `shared` live as long as the process), so reads in the sampling loop
    /// carry no bounds checks or reference counting.
    @usableFromInline let table: UnsafeMutablePointer<Double>

    /// The tables, computed once per process.
    public static let shared = ExponentialZiggurat()

    init() {
        let r = Self.tailStart
        let area = r * exp(-r) + exp(-r)
        var edges = [area / exp(-r), r]
        for _ in 2..<Self.layers {
            let x = edges[edges.count - 1]
            edges.append(-log(area / x + exp(-x)))
        }
        edges.append(0)
        table = .allocate(capacity: 2 * (Self.layers + 1))
        for (i, x) in edges.enumerated() {
            table[i] = x
            table[Self.layers + 1 + i] = exp(-x)
        }
    }

    /// `x_i`, the right edge of layer i (i = 0…256).
    @inlinable func edge(_ i: Int) -> Double { table[i] }
    /// `e^{−x_i}` (i = 0…256).
    @inlinable func height(_ i: Int) -> Double { table[257 + i] }

    /// A standard exponential variate (density `e^{−x}`, x > 0).
    ///
    /// One 64-bit word per attempt: its low 8 bits pick the layer and its top
    /// 53 bits the position `u ∈ (0, 1)` (as `Sampler.uniform(using:)`, never
    /// 0 or 1), so every result is strictly positive. About 98.9% of attempts
    /// return at once without a logarithm; the wedge test draws one more
    /// uniform and an `exp`, and the tail (probability `e^{−7.7} ≈ 4.5e-4`
    /// per draw) adds a standard exponential to `r`. Expected words per draw
    /// about 1.02. Complexity O(1) expected.
    ///
    /// The first attempt's accepting case is inlined into the caller; every
    /// other case continues in `sample(rejecting:using:)`, out of line, with
    /// the same words in the same order.
    @inlinable @inline(__always)
    public func sample(using rng: inout some RandomNumberGenerator) -> Double {
        let word = rng.next()
        let j = word >> 11
        let x = Double(j) * 0x1p-53 * edge(Int(truncatingIfNeeded: word & 0xFF))
        if j != 0 && x < edge(Int(truncatingIfNeeded: word & 0xFF) + 1) { return x }
        return sample(rejecting: word, using: &rng)
    }

    /// The ziggurat's loop from a first word that `sample(using:)` did not
    /// accept at once: a zero position (redrawn), the tail of the base layer
    /// or a wedge; see `sample(using:)`.
    @inlinable @inline(never)
    func sample(rejecting first: UInt64, using rng: inout some RandomNumberGenerator) -> Double {
        var offset = 0.0
        var word = first
        while true {
            let j = word >> 11
            if j != 0 {
                let layer = Int(truncatingIfNeeded: word & 0xFF)
                let x = Double(j) * 0x1p-53 * edge(layer)
                if x < edge(layer + 1) { return offset + x }
                if layer == 0 {
                    offset += Self.tailStart // the tail beyond r: r + Exp(1)
                } else {
                    let y = height(layer) + Sampler.uniform(using: &rng) * (height(layer + 1) - height(layer))
                    if y < exp(-x) { return offset + x }
                }
            }
            word = rng.next()
        }
    }
}
