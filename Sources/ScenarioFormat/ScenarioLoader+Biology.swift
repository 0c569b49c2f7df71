import BiologyModel
import RateModel

/// The biology level in the loader: decoding without compiling (for tests
/// and tools), compiling, and placing the compiler's problems in the file.
extension ScenarioLoader {
    /// Decodes a biology-level scenario `text` (after `extends:` and
    /// `overrides`) without compiling it. Throws `.invalid` with every problem
    /// the decoder finds, or when the document is network-level.
    static func decodeBiology(text: String, file: String, overrides: [SetOverride] = [])
        throws(ScenarioError) -> (scenario: BiologyScenario, cohort: CohortSpec?) {
        let tree = try tree(text: text, file: file, overrides: overrides)
        var decoder = ScenarioDecoder(sink: tree.sink)
        guard ScenarioDecoder.level(of: tree.root) == .biology else {
            decoder.sink.report("this scenario has 'network:', so it is network-level, not biology-level",
                                at: tree.root.position, path: .root)
            throw .invalid(decoder.sink.sorted)
        }
        let decoded = decoder.decodeBiology(tree.root)
        guard let decoded, decoder.sink.isEmpty else { throw .invalid(decoder.sink.sorted) }
        return decoded
    }

    /// Compiles a decoded scenario, turning the compiler's problems into
    /// diagnostics at the nodes of `root` their paths point to.
    ///
    /// A cohort's template (`isCohortTemplate`) may compile to an empty
    /// network: its women bring the pregnancies.
    static func compileBiology(_ scenario: BiologyScenario, root: YAMLNode,
                               isCohortTemplate: Bool = false) throws(ScenarioError) -> CompiledScenario {
        let compiled: CompiledScenario
        do {
            compiled = try BiologyCompiler.compile(scenario)
        } catch {
            throw .invalid(diagnostics(for: error, in: root))
        }
        var sink = DiagnosticSink()
        if compiled.network.compartments.isEmpty {
            if !isCohortTemplate {
                sink.report("no cells ever enter this family: add a pregnancy, cells the mother carries ('mother: carries:'), "
                            + "a transfusion or a transplant", at: root.position, path: .root)
            }
        } else {
            for violation in compiled.network.invariantViolations() {
                sink.report("internal check failed after compiling the biology: \(violation)", at: root.position, path: .root)
            }
            // The biology compiles its rates and counts from many keys: a value out of bounds is
            // reported with the compiled network's names (`describe` maps them to the keys).
            for violation in compiled.network.boundViolations() {
                sink.report("after compiling the biology, \(violation.message)", at: root.position, path: .root)
            }
        }
        guard sink.isEmpty else { throw .invalid(sink.sorted) }
        return compiled
    }

    /// One diagnostic per problem, at the node its site names or, when that
    /// node is absent because a default was used, at its nearest existing
    /// ancestor; in document order.
    ///
    /// A problem in a built-in default that the file does not write says
    /// which default it comes from: an entry inherited from a default cell
    /// type is placed at the type's (or the entry list's) node in the file,
    /// and an entry of a section the file leaves out has no line at all.
    static func diagnostics(for problems: BiologyProblems, in root: YAMLNode) -> [Diagnostic] {
        var sink = DiagnosticSink()
        for problem in problems.problems {
            let path = problem.site.modelPath
            let (position, keyPath, absent) = root.locate(path)
            let sectionAbsent = absent > 0 && absent == path.segments.count
            guard absent > 0, let source = defaultSource(of: problem.site, sectionAbsent: sectionAbsent) else {
                sink.report(problem.message.inFile, at: position, path: keyPath)
                continue
            }
            let message = "\(problem.message.inFile) (\(source); it is not written in the file)"
            if sectionAbsent {
                sink.report(Diagnostic(file: position.file, line: nil, column: nil, keyPath: keyPath.description, message: message))
            } else {
                sink.report(message, at: position, path: keyPath)
            }
        }
        return sink.sorted
    }

    /// Which built-in default wrote `site` when the file does not: an entry
    /// of a default cell type, or of a section left out (`sectionAbsent`);
    /// `nil` when the site is an item's field that took its default value.
    private static func defaultSource(of site: BiologySite, sectionAbsent: Bool) -> String? {
        if case .cellType(let name, _) = site, BiologyDefaults.cellTypes.contains(where: { $0.name == name }) {
            return "this entry is inherited from the built-in default cell type '\(name)'"
        }
        return sectionAbsent ? "this entry comes from the built-in defaults" : nil
    }
}
