import RateModel

/// Declared names: every place a scenario names something (a compartment, a
/// tissue, a cell type, a person, an assay) checks the name against
/// `ReservedName`, and in a cohort against the names the cohort generates.
extension ScenarioDecoder {
    /// Reads the name declared at `node`, `noun` saying what it names ("a
    /// tissue"): its text, or nil (reported) when it is empty or reserved.
    /// `cohort`: the name is a person's in a cohort scenario.
    mutating func declaredName(_ node: YAMLNode, path: NodePath, noun: String, cohort: Bool = false) -> String? {
        guard let name = text(node, path: path) else { return nil }
        return acceptsName(name, at: node.position, path: path, noun: noun, cohort: cohort) ? name : nil
    }

    /// Whether `name`, declared at `position` for `noun`, is free to use;
    /// reports it there when it is reserved or holds a forbidden character.
    mutating func acceptsName(_ name: String, at position: SourcePosition, path: NodePath, noun: String, cohort: Bool = false) -> Bool {
        guard acceptsCharacters(name, at: position, path: path, what: "the name of \(noun)") else { return false }
        if let reserved = ReservedName(rawValue: name) {
            sink.report("'\(name)' is a reserved name and cannot name \(noun): \(reserved.reason); the reserved names are "
                        + "\(ReservedName.list); choose another name", at: position, path: path)
            return false
        }
        if cohort, let n = ReservedName.cohortChildNumber(name) {
            sink.report("'\(name)' cannot name \(noun) in a cohort: the cohort names each woman's conceptuses "
                        + "\(ReservedName.cohortChild(1)), \(ReservedName.cohortChild(2)), … in order, so '\(name)' would be "
                        + "the name of her conceptus number \(n); choose a name not of the form child<number>", at: position, path: path)
            return false
        }
        return true
    }
}
