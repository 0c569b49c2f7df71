import RateModel

/// Placing `NetworkModel.boundViolations()` in the document.
extension ScenarioDecoder {
    /// Reports each value of a decoded network-level `model` outside
    /// `ModelBounds` at the key that wrote it (`network.flows[2].rate`, or
    /// its `half_life`).
    mutating func reportBounds(of model: NetworkModel, in root: YAMLNode) {
        for violation in model.boundViolations() {
            let path = Self.modelPath(of: violation.site, in: root)
            let (position, keyPath, _) = root.locate(path)
            sink.report(violation.message, at: position, path: keyPath)
        }
    }

    /// Where a bound violation's value is written in a network-level document.
    static func modelPath(of site: NetworkModel.BoundViolation.Site, in root: YAMLNode) -> ModelPath {
        let network = ModelPath().key("network")
        switch site {
        case .horizon: return ModelPath().key("horizon")
        case .compartment(let i): return network.key("compartments").index(i).key("initial")
        case .flow(let i):
            let flow = network.key("flows").index(i)
            return root.locate(flow.key("rate")).absent == 0 ? flow.key("rate") : flow.key("half_life")
        case .division(let i): return network.key("divisions").index(i).key("rate")
        case .inflow(let i): return network.key("inflows").index(i).key("rate")
        case .bolus(let i): return network.key("boluses").index(i).key("cells")
        }
    }
}
