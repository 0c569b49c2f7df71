/// A population and an argument at which the moments engine evaluates the
/// probability generating function of its count.
///
/// For the set S of `compartments` and the argument `s = argument` in [0, 1],
/// the value at an output time T is
///
///     G_S(s; T) = E[s^{X_S(T)}],   X_S(T) = Σ_{i∈S} X_i(T).
///
/// At `s = 0` this is `P(X_S(T) = 0)`, the probability that the population is
/// empty; at `s = 1` it is 1. For `s` in between it is the probability that a
/// *thinned* count is zero: if every cell present is seen independently with
/// probability `1 − s` (an assay of per-cell sensitivity `1 − s`), then
/// `G_S(s; T) = P(no cell of S is seen at T)`. A cell that is in S at T with
/// probability p contributes the factor `1 − p·(1 − s)`.
///
/// With a set E of `empty` compartments (disjoint from S) the value is the
/// joint `E[s^{X_S(T)} · 1[X_E(T) = 0]]`: the generating function with
/// argument 0 on E, so that a cell ending in E contributes the factor
/// `1 − p_S·(1 − s) − p_E`. An assay that also sees a niche's clone uses it
/// (see docs/model.md, "Niche").
/// See `MomentsEngine.logGeneratingFunction(targets:)`.
public struct GeneratingTarget: Sendable, Hashable {
    /// Indices of the summed compartments, ascending and distinct.
    public let compartments: [Int]
    /// The argument `s` of the generating function, in [0, 1].
    public let argument: Double
    /// Indices of compartments held at argument 0 (forced empty), ascending,
    /// distinct and disjoint from `compartments`.
    public let empty: [Int]

    /// Creates a target; `compartments` is sorted here. Repeated compartments,
    /// negative indices or an argument outside [0, 1] are programmer errors
    /// (indices past the network's size are reported by the engine).
    public init(compartments: [Int], argument: Double = 0, empty: [Int] = []) {
        precondition(argument >= 0 && argument <= 1, "the argument of a generating function must lie in [0, 1], got \(argument)")
        let sorted = compartments.sorted()
        precondition(zip(sorted, sorted.dropFirst()).allSatisfy { $0 < $1 }, "a generating-function target lists a compartment twice: \(sorted)")
        precondition(sorted.first.map { $0 >= 0 } ?? true, "compartment indices are non-negative, got \(sorted)")
        let forced = empty.sorted()
        precondition(zip(forced, forced.dropFirst()).allSatisfy { $0 < $1 } && forced.first.map { $0 >= 0 } ?? true,
                      "the forced-empty compartments are distinct and non-negative, got \(forced)")
        precondition(Set(forced).isDisjoint(with: sorted), "a compartment is both summed and forced empty: \(sorted), \(forced)")
        self.compartments = sorted
        self.argument = argument
        self.empty = forced
    }

    /// Every compartment the target reads: the summed ones and the forced-empty ones.
    public var touched: [Int] { empty.isEmpty ? compartments : (compartments + empty).sorted() }

    /// True when the value is 1 whatever the counts: nothing summed (or `s = 1`) and nothing forced empty.
    var isTrivial: Bool { (compartments.isEmpty || argument == 1) && empty.isEmpty }

    /// `P(X_S(T) = 0)`: the generating function at `s = 0`.
    public static func empty(_ compartments: [Int]) -> GeneratingTarget {
        GeneratingTarget(compartments: compartments, argument: 0)
    }
}
