/// The two levels of the format and the keys allowed at the top of each.
///
/// A document with a `network:` key is network-level; any other document is
/// biology-level. Suggestions for misspelt top-level keys look at the keys of
/// both levels, so `netwrok:` still suggests `network`.
extension ScenarioDecoder {
    /// Which schema a document follows.
    enum Level: Sendable, Hashable {
        /// Compartments, flows and boluses written out (`network:`).
        case network
        /// A family, its pregnancies and events, compiled by `BiologyCompiler`.
        case biology
    }

    /// Keys both levels share, in the order they are documented.
    static let commonTopLevelKeys = ["extends", "name", "description", "horizon", "output"]
    /// Keys of a network-level document.
    static let networkTopLevelKeys = commonTopLevelKeys + ["network"]
    /// Keys only a biology-level document has.
    static let biologyKeys = ["mother", "pregnancies", "tissues", "cell_types", "transfer", "immunity",
                              "events", "assays", "host_cells", "cohort", "sensitisation", "transfusion_defaults", "population"]
    /// Keys of a biology-level document.
    static let biologyTopLevelKeys = commonTopLevelKeys + biologyKeys
    /// Every key allowed at the top of some document, for suggestions.
    static let topLevelKeys = commonTopLevelKeys + ["network"] + biologyKeys

    /// The keys a scenario may have, for messages about the whole document.
    static let topLevelKeysDescription = "name, horizon, output, optional description, and either 'network' (network level) "
        + "or the biology keys \(biologyKeys.joined(separator: ", ")) (biology level)"

    /// `.network` when the document has a `network:` key, `.biology` otherwise.
    static func level(of root: YAMLNode) -> Level {
        root.value(forKey: "network") != nil ? .network : .biology
    }

    /// Checks the top of the document: a mapping whose keys belong to `level`.
    ///
    /// A network-level document that also has biology keys gets one error, at
    /// the first of them; the others are not reported again. An unknown key is
    /// matched against the keys of both levels for a suggestion, and the
    /// message lists the keys of the document's own level.
    mutating func topFields(_ root: YAMLNode, level: Level) -> Fields? {
        guard let entries = root.entries else {
            sink.report("expected a scenario as a mapping with keys \(Self.topLevelKeysDescription), got \(root.kindDescription)",
                        at: root.position, path: .root)
            return nil
        }
        let own = level == .network ? Self.networkTopLevelKeys : Self.biologyTopLevelKeys
        var reportedMix = false
        for entry in entries where !own.contains(entry.key) {
            if level == .network, Self.biologyKeys.contains(entry.key) {
                if !reportedMix {
                    reportedMix = true
                    let network = root.entries?.first { $0.key == "network" }?.keyPosition.place ?? "above"
                    sink.report("'\(entry.key)' is a biology-level key, but this scenario also has 'network:' (\(network)), which makes it "
                                + "network-level; a scenario is either network-level (compartments and flows under 'network:') or "
                                + "biology-level (\(Self.biologyKeys.joined(separator: ", "))): remove 'network:' or the biology keys",
                                at: entry.keyPosition, path: NodePath.root.key(entry.key))
                }
                continue
            }
            let message: String
            if let close = KeySuggestion.closest(to: entry.key, among: Self.topLevelKeys), !own.contains(close) {
                let other = level == .network ? "biology" : "network"
                message = "unknown key '\(entry.key)'; did you mean '\(close)'? ('\(close)' is a \(other)-level key; "
                    + "this scenario is \(level == .network ? "network" : "biology")-level, whose keys are: \(own.joined(separator: ", ")))"
            } else {
                message = "unknown key '\(entry.key)'; \(KeySuggestion.hint(for: entry.key, among: own))"
            }
            sink.report(message, at: entry.keyPosition, path: NodePath.root.key(entry.key))
        }
        return Fields(node: root, path: .root)
    }
}
