/// A blood product given in a transfusion, in place of counts by cell type:
/// what was given, how many units, and whether it was leukoreduced.
///
/// Only the donor's leukocytes matter for microchimerism (red cells and
/// platelets have no nucleus and are not counted). A product gives
/// `L = units · ℓ` leukocytes, with `ℓ` the leukocytes per unit of its kind
/// (`BiologyDefaults.leukocytesPerUnit`), or the residual per unit after
/// leukoreduction whatever the kind. `TransfusionDefaults.split` shares them
/// over the cell types. O(1).
public struct BloodProduct: Sendable, Hashable {
    /// What kind of product, as scenario files name them.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case wholeBlood = "whole_blood"
        case redCells = "red_cells"
        case platelets
    }

    public var kind: Kind
    /// Units given (at least 1).
    public var units: Int
    /// Whether the product was leukoreduced (filtered) before it was given.
    public var leukoreduced: Bool

    public init(kind: Kind, units: Int = 1, leukoreduced: Bool = false) {
        self.kind = kind
        self.units = units
        self.leukoreduced = leukoreduced
    }

    /// Leukocytes in one unit: the residual after leukoreduction, else the content of the kind.
    public var leukocytesPerUnit: Int {
        let content = BiologyDefaults.leukocytesPerUnit
        guard !leukoreduced else { return content.leukoreducedResidual }
        return switch kind {
        case .wholeBlood: content.wholeBlood
        case .redCells: content.redCells
        case .platelets: content.platelets
        }
    }

    /// Leukocytes given: `units · leukocytesPerUnit`.
    public var leukocytes: Int { units * leukocytesPerUnit }
}

/// Leukocytes per unit of each blood product, and what leukoreduction leaves.
public struct LeukocyteContent: Sendable, Hashable {
    /// One unit of whole blood (about 450 mL).
    public var wholeBlood: Int
    /// One unit of red cells (packed, buffy coat not removed).
    public var redCells: Int
    /// One unit of platelets by apheresis.
    public var platelets: Int
    /// What is left in one unit of any kind after leukoreduction.
    public var leukoreducedResidual: Int

    public init(wholeBlood: Int, redCells: Int, platelets: Int, leukoreducedResidual: Int) {
        self.wholeBlood = wholeBlood
        self.redCells = redCells
        self.platelets = platelets
        self.leukoreducedResidual = leukoreducedResidual
    }
}
