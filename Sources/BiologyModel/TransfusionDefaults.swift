/// How the leukocytes of a blood product are shared over the cell types
/// (`BiologyScenario.transfusionDefaults`, `transfusion_defaults:` in a file).
///
/// A product's `L` leukocytes go to the cell type named `progenitor` with
/// weight `f = progenitorFraction` and to the type named `mature` with weight
/// `1 − f`, split by largest remainder so that the two whole counts sum to
/// `L` exactly and each is within 1 of `f·L` or `(1 − f)·L`. Other cell types
/// get none. A scenario giving a product must have the types that get a
/// positive weight (the reference checks say so otherwise).
public struct TransfusionDefaults: Sendable, Hashable {
    /// The cell type that receives the fraction `progenitorFraction`.
    public static let progenitorType = "progenitor"
    /// The cell type that receives the rest.
    public static let matureType = "mature"

    /// Share of a product's leukocytes that are progenitor-type cells, in `[0, 1]`.
    public var progenitorFraction: Double

    public init(progenitorFraction: Double = BiologyDefaults.transfusionProgenitorFraction) {
        self.progenitorFraction = progenitorFraction
    }

    /// The cell types a product's leukocytes go to, with their weights (zero weights left out).
    public var weights: [(type: String, weight: Double)] {
        [(Self.progenitorType, progenitorFraction), (Self.matureType, 1 - progenitorFraction)].filter { $0.weight > 0 }
    }

    /// The leukocytes of `product` by cell type. O(1).
    public func split(_ product: BloodProduct) -> [String: Int] {
        let weights = self.weights
        let parts = BiologyCompiler.split(product.leukocytes, shares: weights.map(\.weight))
        return Dictionary(uniqueKeysWithValues: zip(weights.map(\.type), parts))
    }
}
