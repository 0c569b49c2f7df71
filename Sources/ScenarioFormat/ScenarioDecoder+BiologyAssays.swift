import BiologyModel

/// `assays:` (measurements of the cells) and `host_cells:` (what an assay's
/// sample is a fraction of).
extension ScenarioDecoder {
    static let assayKeys = ["name", "host", "marker", "compartment", "sample", "limit_of_detection", "times", "every", "kind", "cell_types", "efficiency"]
    static let markerWords = ["y_chromosome", "any"]
    static let hlaMarkerKey = "hla"
    static let cellSampleKey = "cells"
    static let hostCellKeys = ["blood_volume", "nucleated_per_ml", "tissue_cells", "plasma_fraction"]

    /// Decodes `assays:`; names must be distinct.
    mutating func assays(_ node: YAMLNode?, path: NodePath, names: BiologyNames) -> [Assay] {
        var seen = DistinctNames()
        return items(node, path: path, expected: "assays") { decoder, item, itemPath in
            decoder.assay(item, path: itemPath, names: names, seen: &seen)
        }
    }

    /// One assay: `name`, `host` (default founder), `marker`, `compartment`
    /// (default blood), `sample`, `limit_of_detection` (default 1), its
    /// times from `times` and/or `every`, each inside `[0, horizon]`, and how
    /// it is run: `kind` (default qpcr), `cell_types` and `efficiency` (default
    /// by kind, `AssayKind`).
    private mutating func assay(_ node: YAMLNode, path: NodePath, names: BiologyNames, seen: inout DistinctNames) -> Assay? {
        guard let fields = fields(node, path: path, expected: "an assay", keys: Self.assayKeys) else { return nil }
        var name: String?
        if let node = fields.require("name", hint: "a name for the assay's rows in assay.csv, e.g. 'name: blood_y'", in: &self),
           let text = declaredName(node, path: path.key("name"), noun: "an assay") {
            if let earlier = seen.declare(text, at: node.position) {
                sink.report("duplicate assay name '\(text)' (first at \(earlier.place)); assay names must be distinct", at: node.position, path: path.key("name"))
            } else {
                name = text
            }
        }
        var host: String? = names.founder
        if let node = fields["host"] { host = text(node, path: path.key("host")) }
        let marker = fields.require("marker", hint: "what the assay detects: y_chromosome, any, or '{ hla: son }'", in: &self)
            .flatMap { self.marker($0, path: path.key("marker")) }
        var compartment: String? = BiologyDefaults.blood
        if let node = fields["compartment"] { compartment = self.name(node, path: path.key("compartment"), among: names.compartments, noun: "compartment") }
        var kind: AssayKind? = .qpcr
        if let node = fields["kind"] {
            kind = choice(node, path: path.key("kind"), noun: "assay kind", options: AssayKind.allCases.map { ($0.name, $0) })
        }
        let sample = fields.require("sample", hint: "for blood a volume such as 'sample: 10 mL'; for a tissue host cells such as 'sample: { cells: 1e6 }'", in: &self)
            .flatMap { self.sample($0, path: path.key("sample"), compartment: compartment, kind: kind) }
        let run = assayRun(fields, path: path, names: names)
        var limit: Int? = 1
        if let node = fields["limit_of_detection"] {
            limit = wholeNumber(node, path: path.key("limit_of_detection"), minimum: 1, expected: "a whole number of genome equivalents >= 1")
        }
        let times = assayTimes(fields, path: path)
        guard let name, let host, let marker, let compartment, let kind, let sample, let limit, let times, let run else { return nil }
        return Assay(name: name, host: host, marker: marker, compartment: compartment, sample: sample, limitOfDetection: limit, times: times,
                     kind: kind, cellTypes: run.cellTypes, efficiency: run.efficiency)
    }

    /// An assay's optional `cell_types` (a non-empty list of declared cell
    /// types) and `efficiency` (in (0, 1]); nil when either is invalid.
    private mutating func assayRun(_ fields: Fields, path: NodePath, names: BiologyNames) -> (cellTypes: [String]?, efficiency: Double?)? {
        let before = sink.count
        var cellTypes: [String]?
        if let node = fields["cell_types"] {
            let listPath = path.key("cell_types")
            if let items = node.items, !items.isEmpty {
                cellTypes = items.enumerated().compactMap { index, item in
                    name(item, path: listPath.index(index), among: names.cellTypes, noun: "cell type")
                }
            } else {
                sink.report("expected a non-empty list of the cell types the assay sees, such as '[progenitor]', got \(node.kindDescription)",
                            at: node.position, path: listPath)
            }
        }
        var efficiency: Double?
        if let node = fields["efficiency"] {
            efficiency = fraction(node, path: path.key("efficiency"), expected: "the fraction of the sampled cells recovered, such as '0.5'")
        }
        return sink.count == before ? (cellTypes, efficiency) : nil
    }

    /// `y_chromosome`, `any`, or `{ hla: ORIGIN }`.
    private mutating func marker(_ node: YAMLNode, path: NodePath) -> Marker? {
        if node.entries != nil {
            guard let fields = fields(node, path: path, expected: "an HLA marker", keys: [Self.hlaMarkerKey]) else { return nil }
            return fields.require(Self.hlaMarkerKey, hint: "the origin the HLA assay is specific to, e.g. '{ hla: son }'", in: &self)
                .flatMap { text($0, path: path.key(Self.hlaMarkerKey)) }
                .map { Marker.hla(origin: $0) }
        }
        return choice(node, path: path, noun: "marker", options: [("y_chromosome", Marker.yChromosome), ("any", Marker.any)])
    }

    /// A blood volume (`10 mL`, blood only) or `{ cells: N }` host cells
    /// analysed (N > 0); for a plasma DNA assay a plasma volume only.
    private mutating func sample(_ node: YAMLNode, path: NodePath, compartment: String?, kind: AssayKind?) -> Sample? {
        if kind == .plasmaDNA {
            if node.entries != nil {
                sink.report("a plasma DNA assay samples a volume of plasma such as '1 mL', not host cells", at: node.position, path: path)
                return nil
            }
            return volume(node, path: path).map { Sample.plasmaVolume(milliliters: $0) }
        }
        if node.entries != nil {
            guard let fields = fields(node, path: path, expected: "a sample of host cells", keys: [Self.cellSampleKey]) else { return nil }
            return fields.require(Self.cellSampleKey, hint: "the number of host cells analysed, e.g. '{ cells: 1e6 }'", in: &self)
                .flatMap { number($0, path: path.key(Self.cellSampleKey), range: .positive, expected: "a number of host cells such as '1e6'") }
                .map { Sample.hostCells($0) }
        }
        if let compartment, compartment != BiologyDefaults.blood, node.scalarText != nil {
            sink.report("a sample of the tissue '\(compartment)' is a number of host cells, e.g. '{ cells: 1e6 }'; a volume is only for blood",
                        at: node.position, path: path)
            return nil
        }
        return volume(node, path: path).map { Sample.bloodVolume(milliliters: $0) }
    }

    /// An assay's times: `times:` (each in `[0, horizon]`) and/or `every:`
    /// (the grid `0, every, 2·every, ...` up to the horizon), sorted and distinct.
    private mutating func assayTimes(_ fields: Fields, path: NodePath) -> [Double]? {
        let before = sink.count
        var times: [Double] = []
        let everyNode = fields["every"], timesNode = fields["times"]
        if everyNode == nil, timesNode == nil {
            sink.report("give the sampling times: 'times' (e.g. 'times: [27 years]') and/or 'every' (e.g. 'every: 1 year')",
                        at: fields.node.position, path: path)
        }
        if let everyNode, let every = time(everyNode, path: path.key("every"), requirement: .positive), let horizon {
            if horizon / every >= Double(Self.maximumOutputTimes) {
                sink.report("'every' gives more than \(Self.maximumOutputTimes) sampling times over the horizon", at: everyNode.position, path: path.key("every"))
            } else {
                times += grid(every: every, horizon: horizon)
            }
        }
        if let timesNode {
            if let items = timesNode.items {
                for (index, item) in items.enumerated() {
                    if let t = timeInHorizon(item, path: path.key("times").index(index), what: "the assay time") { times.append(t) }
                }
                if items.isEmpty, everyNode == nil {
                    sink.report("expected at least one sampling time", at: timesNode.position, path: path.key("times"))
                }
            } else {
                sink.report("expected a list of times such as '[20 years, 27 years]', got \(timesNode.kindDescription)",
                            at: timesNode.position, path: path.key("times"))
            }
        }
        return sink.count == before ? Array(Set(times)).sorted() : nil
    }

    /// Decodes `host_cells:` over the defaults of `HostCellCounts`;
    /// `tissue_cells` entries are merged over `BiologyDefaults.tissueCells`.
    mutating func hostCells(_ node: YAMLNode, path: NodePath, names: BiologyNames) -> HostCellCounts? {
        guard let fields = fields(node, path: path, expected: "the host cell counts", keys: Self.hostCellKeys) else { return nil }
        let before = sink.count
        var counts = HostCellCounts()
        if let node = fields["blood_volume"], let volume = volume(node, path: path.key("blood_volume")) { counts.bloodVolume = volume }
        if let node = fields["nucleated_per_ml"],
           let value = number(node, path: path.key("nucleated_per_ml"), range: .positive, expected: "nucleated cells per mL of blood such as '7e6'") {
            counts.nucleatedPerMilliliter = value
        }
        if let node = fields["plasma_fraction"],
           let value = fraction(node, path: path.key("plasma_fraction"), expected: "the fraction of blood that is plasma, 1 − haematocrit, such as '0.6'") {
            counts.plasmaFraction = value
        }
        if let node = fields["tissue_cells"],
           let entries = namedEntries(node, path: path.key("tissue_cells"), expected: "cells per tissue, e.g. '{ heart: 2e9 }'") {
            for entry in entries {
                let entryPath = path.key("tissue_cells").key(entry.key)
                if let tissues = names.tissues, !tissues.contains(entry.key) {
                    sink.report("unknown tissue '\(entry.key)'; \(KeySuggestion.hint(for: entry.key, among: tissues, noun: "tissues of this scenario"))",
                                at: entry.keyPosition, path: entryPath)
                    continue
                }
                if let value = number(entry.value, path: entryPath, range: .positive, expected: "a number of cells such as '2e9'") {
                    counts.tissueCells[entry.key] = value
                }
            }
        }
        return sink.count == before ? counts : nil
    }

    /// Reads a number in (0, 1]; `expected` describes it for messages.
    private mutating func fraction(_ node: YAMLNode, path: NodePath, expected: String) -> Double? {
        guard let value = number(node, path: path, range: .positive, expected: "\(expected) in (0, 1]") else { return nil }
        guard value <= 1 else {
            sink.report("must be at most 1, got '\(node.scalarText ?? "")'; expected \(expected)", at: node.position, path: path)
            return nil
        }
        return value
    }
}
