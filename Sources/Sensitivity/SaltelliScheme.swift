/// Saltelli's sampling scheme for first- and total-order Sobol' indices,
/// without second order: N base points, N·(D + 2) evaluations.
///
/// Row i of A is the first D coordinates of point i of a 2D-dimensional
/// Sobol' sequence and row i of B its last D; the matrix AB⁽ʲ⁾ is A with
/// column j taken from B (Saltelli 2002; Saltelli et al. 2010, "Variance
/// based sensitivity analysis of model output", Comput. Phys. Commun. 181,
/// 259–270). The evaluations are laid out base point by base point, each a
/// block of D + 2 rows: A_i, AB⁽¹⁾_i, …, AB⁽ᴰ⁾_i, B_i. That is SALib's order
/// for `calc_second_order=False`, and it keeps a base point's rows together,
/// so a shard or a resumed sweep never splits the estimator's inputs in a
/// way that matters.
public enum SaltelliScheme {
    /// The most parameters: two columns each in the Sobol' sequence.
    public static let maximumParameters = SobolSequence.maximumDimensions / 2

    /// Evaluations for `base` points of `parameters` parameters: N·(D + 2).
    public static func evaluations(base: Int, parameters: Int) -> Int { base * (parameters + 2) }

    /// The N·(D + 2) rows of unit-cube coordinates, in the block order above,
    /// from the first `base` points of `sequence` (of 2D dimensions).
    public static func matrix(base: Int, sequence: SobolSequence) -> [[Double]] {
        precondition(sequence.dimensions % 2 == 0, "Saltelli's scheme needs a sequence of 2D dimensions")
        let d = sequence.dimensions / 2
        var rows: [[Double]] = []
        rows.reserveCapacity(evaluations(base: base, parameters: d))
        for i in 0..<base {
            let x = sequence.point(i)
            let a = Array(x[0..<d]), b = Array(x[d...])
            rows.append(a)
            for j in 0..<d {
                var ab = a
                ab[j] = b[j]
                rows.append(ab)
            }
            rows.append(b)
        }
        return rows
    }

    /// The outputs split into f(A), f(B) and f(AB⁽ʲ⁾) (`ab[j][i]`); the count must be N·(D + 2).
    public static func split(_ outputs: [Double], parameters d: Int) -> (a: [Double], b: [Double], ab: [[Double]]) {
        let step = d + 2
        precondition(outputs.count % step == 0, "Saltelli outputs come in blocks of D + 2")
        let n = outputs.count / step
        let a = (0..<n).map { outputs[$0 * step] }
        let b = (0..<n).map { outputs[$0 * step + step - 1] }
        let ab = (0..<d).map { j in (0..<n).map { outputs[$0 * step + 1 + j] } }
        return (a, b, ab)
    }
}
