import RateModel

/// What `SBMLExport` writes: a compiled network with what each compartment
/// means and what the file must say about itself.
///
/// The caller (MicrochimeraKit's `ExportPipeline`) knows the scenario; this
/// target knows only the network and SBML.
public struct SBMLSource: Sendable {
    /// What one network compartment holds: at the biology level the host,
    /// origin, cell type and compartment of its population; at the network
    /// level only the compartment's name.
    public struct Label: Sendable, Hashable {
        public var host: String?
        public var origin: String?
        public var cellType: String?
        /// The compartment (blood, a tissue) or, at the network level, its name.
        public var compartment: String

        /// A network-level compartment.
        public init(compartment: String) {
            self.compartment = compartment
        }

        /// A biology-level population.
        public init(host: String, origin: String, cellType: String, compartment: String) {
            self.host = host
            self.origin = origin
            self.cellType = cellType
            self.compartment = compartment
        }

        /// The parts that make the species' id, in order.
        var parts: [String] { [host, origin, cellType].compactMap { $0 } + [compartment] }
    }

    /// The network to write.
    public var model: NetworkModel
    /// `labels[i]` says what compartment `i` holds; one per compartment.
    public var labels: [Label]
    /// Paragraphs of the notes' section "What this file does not say", written
    /// by the caller (assays, cohorts, series sums, ...), each plain text.
    public var unsaid: [String]
    /// Paragraphs about where the model comes from (scenario file, description), plain text.
    public var provenance: [String]
    /// Attributes of the model's annotation (`mc:scenario`), in order: name and value.
    public var attributes: [(name: String, value: String)]

    public init(model: NetworkModel, labels: [Label], unsaid: [String] = [], provenance: [String] = [],
                attributes: [(name: String, value: String)] = []) {
        self.model = model
        self.labels = labels
        self.unsaid = unsaid
        self.provenance = provenance
        self.attributes = attributes
    }

    /// One label per compartment, from the network's names (the network level).
    public static func networkLabels(_ model: NetworkModel) -> [Label] {
        model.compartments.map { Label(compartment: $0.name) }
    }
}
