import RateModel

/// Checks a scenario tree against the network-level schema (compiling it to
/// a `NetworkModel`) or the biology-level schema (decoding it to a
/// `BiologyScenario`, see `ScenarioDecoder+Biology.swift`), collecting every
/// problem it can find as a diagnostic.
///
/// The walk does not stop at the first problem: each field is checked on its
/// own, and checks that depend on another field (windows on the horizon,
/// references on the compartment list) are skipped only when that field is
/// itself broken, so one mistake is reported once.
struct ScenarioDecoder {
    /// Problems found so far.
    var sink: DiagnosticSink
    /// The horizon in days, once it has been read successfully.
    var horizon: Double?
    /// The scenario's `description:` (empty when absent), once read.
    private(set) var description = ""
    /// Entries rejected without a diagnostic of their own because their cause
    /// (a broken horizon or compartment list) was reported elsewhere.
    private var silentlyDropped: [(SourcePosition, NodePath)] = []

    init(sink: DiagnosticSink = DiagnosticSink()) {
        self.sink = sink
    }

    /// Decodes a network-level document; `nil` when any problem was reported.
    mutating func decode(_ root: YAMLNode) -> NetworkModel? {
        guard let top = topFields(root, level: .network) else { return nil }
        let header = header(top)
        let network = top.require("network", hint: "with 'compartments' and optional 'flows', 'divisions', 'inflows', 'boluses'", in: &self)
            .flatMap { self.network($0, path: top.path.key("network")) }

        reportSilentlyDropped()
        guard sink.isEmpty, let header, let network else { return nil }
        let model = NetworkModel(
            name: header.name, horizon: header.horizon, outputTimes: header.outputTimes,
            compartments: network.compartments, flows: network.flows, divisions: network.divisions,
            inflows: network.inflows, boluses: network.boluses)
        for violation in model.invariantViolations() {
            sink.report("internal check failed after validation: \(violation)", at: root.position, path: .root)
        }
        reportBounds(of: model, in: root)
        return sink.isEmpty ? model : nil
    }

    /// The keys both levels share: name, description, horizon and output.
    struct Header {
        var name: String
        var description: String
        /// In days.
        var horizon: Double
        /// Sorted, distinct, in days.
        var outputTimes: [Double]
    }

    /// Decodes `name` (required), `description`, `horizon` (required, > 0) and
    /// `output` (required); sets `horizon` for the checks that depend on it.
    mutating func header(_ top: Fields) -> Header? {
        let name = top.require("name", hint: "the scenario's name", in: &self).flatMap { text($0, path: top.path.key("name")) }
        var description: String? = ""
        if let node = top["description"], !node.isNull {
            description = scalarText(node, path: top.path.key("description"), expected: "free text")?.trimmingWhitespace()
            if let text = description,
               !acceptsCharacters(text, at: node.position, path: top.path.key("description"), allowed: ["\t", "\n", "\r"],
                                  what: "a description (free text with tabs and line breaks)") {
                description = nil
            }
        }
        if let node = top.require("horizon", hint: "a time such as '50 years'", in: &self) {
            horizon = time(node, path: top.path.key("horizon"), requirement: .positive)
            if let days = horizon, days > ModelBounds.horizonDays {
                sink.report("the horizon '\(node.scalarText ?? "")' (\(Self.days(days))) is longer than 10,000 years "
                            + "(\(Self.days(ModelBounds.horizonDays))), the longest accepted; shorten it",
                            at: node.position, path: top.path.key("horizon"))
                horizon = nil
            }
        }
        let outputTimes = top.require("output", hint: "with 'every' and/or 'times'", in: &self)
            .flatMap { output($0, path: top.path.key("output")) }
        self.description = description ?? ""
        guard let name, let description, let horizon, let outputTimes else { return nil }
        return Header(name: name, description: description, horizon: horizon, outputTimes: outputTimes)
    }

    /// Reports entries dropped without a diagnostic of their own, if nothing
    /// else was reported: guards the invariant that no entry disappears unexplained.
    mutating func reportSilentlyDropped() {
        guard sink.isEmpty else { return }
        for (position, path) in silentlyDropped {
            sink.report("internal error: this entry was rejected without a reason", at: position, path: path)
        }
    }

    /// The processes of the `network:` mapping, compiled.
    struct Network {
        var compartments: [Compartment] = []
        var flows: [Flow] = []
        var divisions: [Division] = []
        var inflows: [Inflow] = []
        var boluses: [Bolus] = []
    }

    /// Keys of `network:`.
    static let networkKeys = ["compartments", "flows", "divisions", "inflows", "boluses"]

    /// Decodes `network:`; `nil` when any part is invalid.
    mutating func network(_ node: YAMLNode, path: NodePath) -> Network? {
        guard let fields = fields(node, path: path, expected: "the network", keys: Self.networkKeys) else { return nil }
        let before = sink.count
        var result = Network()
        var names: CompartmentNames?
        if let list = fields.require("compartments", hint: "a list such as '- { name: blood, initial: 10000 }'", in: &self) {
            let decoded = compartments(list, path: path.key("compartments"))
            result.compartments = decoded.compartments
            names = decoded.names
        }
        result.flows = items(fields["flows"], path: path.key("flows"), expected: "flows") { decoder, item, itemPath in
            decoder.flow(item, path: itemPath, names: names)
        }
        result.divisions = items(fields["divisions"], path: path.key("divisions"), expected: "divisions") { decoder, item, itemPath in
            decoder.division(item, path: itemPath, names: names)
        }
        result.inflows = items(fields["inflows"], path: path.key("inflows"), expected: "inflows") { decoder, item, itemPath in
            decoder.inflow(item, path: itemPath, names: names)
        }
        result.boluses = items(fields["boluses"], path: path.key("boluses"), expected: "boluses") { decoder, item, itemPath in
            decoder.bolus(item, path: itemPath, names: names)
        }
        return sink.count == before ? result : nil
    }

    /// Decodes an optional list (absent or empty value = no items), one item at a time.
    mutating func items<T>(
        _ node: YAMLNode?, path: NodePath, expected: String,
        decodeItem: (inout ScenarioDecoder, YAMLNode, NodePath) -> T?
    ) -> [T] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.items else {
            sink.report("expected a list of \(expected) (items starting with '- '), got \(node.kindDescription)", at: node.position, path: path)
            return []
        }
        var result: [T] = []
        for (index, item) in items.enumerated() {
            let before = sink.count
            if let decoded = decodeItem(&self, item, path.index(index)) {
                result.append(decoded)
            } else if sink.count == before {
                // Only allowed when the cause was reported elsewhere; checked in `decode`.
                silentlyDropped.append((item.position, path.index(index)))
            }
        }
        return result
    }
}
