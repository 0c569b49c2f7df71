import BiologyModel

/// `population:`: between-women variation of one family's kinetics, for a
/// population prediction (`PopulationSpec`). Not with `cohort:`, whose women
/// draw their multipliers from `cohort.variation`.
extension ScenarioDecoder {
    static let populationKeys = ["variation", "nodes"]

    /// Decodes `population:` (`top` is the document's mapping, to refuse it beside `cohort:`).
    mutating func population(_ node: YAMLNode, path: NodePath, top: Fields) -> PopulationSpec? {
        if let cohort = top["cohort"], !cohort.isNull, let cohortKey = top.keyPosition("cohort") {
            sink.report("'population:' cannot be given with 'cohort:' (\(cohortKey.place)): a cohort's women already vary, "
                        + "by 'cohort.variation:'; remove 'population:', or remove 'cohort:' to predict one family over a population",
                        at: top.keyPosition("population") ?? node.position, path: path)
            return nil
        }
        guard let fields = fields(node, path: path, expected: "a population", keys: Self.populationKeys) else { return nil }
        let before = sink.count
        var spec = PopulationSpec()
        if let node = fields["variation"], let variation = variation(node, path: path.key("variation")) { spec.variation = variation }
        if let node = fields["nodes"], let nodes = wholeNumber(node, path: path.key("nodes"), minimum: 1,
                                                              expected: "a number of quadrature points per varying rate such as '7'") {
            if nodes > PopulationSpec.maximumNodes {
                sink.report("at most \(PopulationSpec.maximumNodes) quadrature points per varying rate, got \(nodes); "
                            + "7 is accurate for coefficients of variation up to about 0.5 (docs/model.md)",
                            at: node.position, path: path.key("nodes"))
            } else {
                spec.nodes = nodes
            }
        }
        guard sink.count == before else { return nil }
        if spec.runs > PopulationSpec.maximumRuns {
            let position = fields["nodes"]?.position ?? node.position
            sink.report("\(spec.nodes) points on each of \(spec.dimensions) varying rates make \(spec.runs) runs of the family, "
                        + "more than \(PopulationSpec.maximumRuns); lower 'nodes' or vary fewer rates",
                        at: position, path: fields["nodes"] == nil ? path : path.key("nodes"))
            return nil
        }
        return spec
    }
}
