import BiologyModel

/// What a transfusion gives: cells by type, or a blood product
/// (`product`, `units`, `leukoreduced`); and `transfusion_defaults:`, how a
/// product's leukocytes split over the cell types.
extension ScenarioDecoder {
    static let productKeys = ["units", "leukoreduced"]
    static let transfusionDefaultsKeys = ["progenitor_fraction"]

    /// Exactly one of `cells` (by type) or `product`; `units` and
    /// `leukoreduced` only with `product`.
    mutating func given(_ fields: Fields, node: YAMLNode, path: NodePath, names: BiologyNames)
        -> (cells: [String: Int], product: BloodProduct?)? {
        let kinds = BloodProduct.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        switch (fields["cells"], fields["product"]) {
        case (nil, nil):
            sink.report("give what was transfused: 'cells' by type (e.g. 'cells: { progenitor: 1000, mature: 1000000 }') "
                        + "or a blood 'product' (\(kinds), e.g. 'product: red_cells, units: 2, leukoreduced: true')",
                        at: node.position, path: path)
            return nil
        case (.some, .some):
            sink.report("give either 'cells' or 'product', not both: a product's leukocytes are the donor cells",
                        at: fields.keyPosition("product")!, path: path.key("product"))
            return nil
        case (let cellsNode?, nil):
            let before = sink.count
            for key in Self.productKeys {
                guard let position = fields.keyPosition(key) else { continue }
                sink.report("'\(key)' describes a blood product; add 'product: \(BloodProduct.Kind.redCells.rawValue)' (or another of "
                            + "\(kinds)) instead of 'cells', or remove '\(key)'", at: position, path: path.key(key))
            }
            let cells = cellsByType(cellsNode, path: path.key("cells"), types: names.cellTypes)
            return sink.count == before ? cells.map { ($0, BloodProduct?.none) } : nil
        case (nil, let productNode?):
            return bloodProduct(productNode, fields, path: path).map { ([:], $0) }
        }
    }

    /// `product` (a kind), `units` (a whole number ≥ 1, default 1) and
    /// `leukoreduced` (`true` or `false`, default false).
    private mutating func bloodProduct(_ node: YAMLNode, _ fields: Fields, path: NodePath) -> BloodProduct? {
        let kind = choice(node, path: path.key("product"), noun: "blood product",
                          options: BloodProduct.Kind.allCases.map { ($0.rawValue, $0) })
        var units: Int? = 1
        if let node = fields["units"] {
            units = wholeNumber(node, path: path.key("units"), minimum: 1, expected: "a number of units such as '2'")
        }
        var leukoreduced: Bool? = false
        if let node = fields["leukoreduced"] {
            leukoreduced = choice(node, path: path.key("leukoreduced"), noun: "value for 'leukoreduced' (filtered before transfusion)",
                                  options: [("true", true), ("false", false)])
        }
        guard let kind, let units, let leukoreduced else { return nil }
        let product = BloodProduct(kind: kind, units: units, leukoreduced: leukoreduced)
        guard product.leukocytesPerUnit <= Self.maximumCells / units else {
            sink.report("\(units) units give more than 2^53 leukocytes; give fewer units",
                        at: fields["units"]!.position, path: path.key("units"))
            return nil
        }
        return product
    }

    /// Decodes `transfusion_defaults:`: `progenitor_fraction`, a probability.
    mutating func transfusionDefaults(_ node: YAMLNode, path: NodePath) -> TransfusionDefaults? {
        let keys = Self.transfusionDefaultsKeys
        guard let fields = fields(node, path: path, expected: "the transfusion defaults", keys: keys) else { return nil }
        var result = TransfusionDefaults()
        if let node = fields["progenitor_fraction"] {
            guard let fraction = probability(node, path: path.key("progenitor_fraction")) else { return nil }
            result.progenitorFraction = fraction
        }
        return result
    }
}
