/// Names the tool generates or reads as keywords, which no name a scenario
/// declares may take (compartments, tissues, cell types, people, assays).
///
/// The one table every scenario decoder consults. A generated sum is written
/// with its reserved name in the output files (`SeriesLabel.Part.text`), so a
/// declared name equal to one would give two rows with the same key.
public enum ReservedName: String, CaseIterable, Sendable {
    /// The sum over origins and over cell types.
    case all
    /// The sum over compartments.
    case total
    /// Leaving the system, in a network's `to:`.
    case out
    /// The kinetics of unlisted tissues, a key of a cell type's `tissues:`.
    case `default`
    /// The compartment of a cell type's niche in every host (`host/origin/type/niche`).
    case niche

    /// Why the name is reserved, completing "it is reserved: ...".
    public var reason: String {
        switch self {
        case .all: "the outputs use it for the sum over cell types (cell_type column) and over origins (origin column)"
        case .total: "the outputs use it for the sum over compartments (compartment column)"
        case .out: "it means leaving the system, as in a network flow's 'to: out'"
        case .default: "it is the key of the kinetics of unlisted tissues in a cell type's 'tissues:'"
        case .niche: "it names the compartment of a cell type's niche (its founders) in the outputs"
        }
    }

    /// The reserved names, quoted and listed for a message: `'all', 'total', 'out', 'default' and 'niche'`.
    public static var list: String {
        let quoted = allCases.map { "'\($0.rawValue)'" }
        return quoted.dropLast().joined(separator: ", ") + " and " + quoted[quoted.count - 1]
    }
}

extension ReservedName {
    /// The name a cohort gives a woman's `n`-th conceptus (1-based): `child<n>`.
    ///
    /// A cohort generates these names, so in a cohort scenario no person
    /// (the founder, an origin in `carries`, a donor) may be called so.
    public static func cohortChild(_ n: Int) -> String { "child\(n)" }

    /// `n` when `name` is exactly `cohortChild(n)` for some `n ≥ 1`, else nil.
    public static func cohortChildNumber(_ name: String) -> Int? {
        guard name.hasPrefix("child"), let n = Int(name.dropFirst(5)), n >= 1, cohortChild(n) == name else { return nil }
        return n
    }
}
