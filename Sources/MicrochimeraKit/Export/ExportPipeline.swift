// Export/: `microchimera export`. `ExportPipeline` loads a scenario as `run` does,
// picks the network to write (the family's, or one woman's of a cohort) and hands it,
// with what each compartment means and what SBML cannot say, to Interop's `SBMLExport`.

import BiologyModel
import Interop
import RateModel
import Reporting
import ScenarioFormat

/// The whole of `microchimera export`: load the scenario as `run` does, then
/// write its compiled network in another tool's format.
public enum ExportPipeline {
    /// The exported text and the warnings to show (things the export leaves out
    /// that change what the model means; also in the file's notes).
    public struct Outcome: Sendable {
        public let text: String
        public let warnings: [String]
        /// `moments.csv` when the request asks for it (`ExportRequest.moments`), else nil.
        public let moments: String?
    }

    /// Loads `request.scenarioPath` with its overrides and renders it.
    ///
    /// Errors: those of `RunPipeline.load`; a usage error for a cohort without
    /// `individual` (SBML holds one network, not a draw of women), an
    /// `individual` out of range or without a cohort, and a woman with no cells.
    public static func render(_ request: ExportRequest) throws(RunError) -> Outcome {
        let loaded = try RunPipeline.load(path: request.scenarioPath, overrides: request.overrides)
        let (model, compiled, woman) = try network(loaded, request: request)
        let source = SBMLSource(
            model: model,
            labels: compiled.map { $0.populations.map { p in
                SBMLSource.Label(host: p.host, origin: p.origin, cellType: p.cellType, compartment: p.compartment)
            } } ?? SBMLSource.networkLabels(model),
            unsaid: unsaid(loaded, compiled: compiled, woman: woman, seed: request.seed),
            provenance: provenance(loaded, woman: woman, seed: request.seed),
            attributes: attributes(loaded, compiled: compiled, woman: woman, seed: request.seed))
        do {
            let text = try SBMLExport.document(source)
            var warnings: [String] = []
            if compiled?.scenario.population != nil {
                warnings.append("\(loaded.file) has 'population:': the SBML model holds the family's own rates (every "
                                + "multiplier 1), not the average over women that `run` reports; the file's notes say so")
            }
            let csv = request.moments ? try momentsCSV(model, ids: SBMLIdentifiers(labels: source.labels)) : nil
            return Outcome(text: text, warnings: warnings, moments: csv)
        } catch let error as SBMLExportError {
            throw .usage("\(loaded.file): \(error.description)")
        } catch let error as RunError {
            throw error
        } catch {
            throw .usage("\(loaded.file): \(error)")
        }
    }

    /// The network to export: the scenario's, or woman `individual`'s of its cohort.
    static func network(_ loaded: LoadedScenario, request: ExportRequest)
        throws(RunError) -> (NetworkModel, CompiledScenario?, Int?) {
        guard let spec = loaded.cohort, let template = loaded.compiled else {
            if request.individual != nil {
                throw .usage("--individual picks one woman of a cohort, but \(loaded.file) has no 'cohort:' block")
            }
            return (loaded.model, loaded.compiled, nil)
        }
        guard let k = request.individual else {
            throw .usage("\(loaded.file) describes a cohort of \(spec.size) women, each with her own pregnancies and rates, and "
                         + "SBML holds one network: export one woman with --individual K (0 to \(spec.size - 1); her history "
                         + "is drawn from --seed as in `run --individual K`)")
        }
        guard (0..<spec.size).contains(k) else {
            throw .usage("--individual must be a woman's index from 0 to \(spec.size - 1) (cohort.size is \(spec.size)), got \(k)")
        }
        let runner = CohortRunner(template: template, spec: spec, seed: request.seed, threads: 1)
        let woman = runner.individual(k)
        let compiled = try runner.compile(woman)
        guard !compiled.network.compartments.isEmpty else {
            throw .usage("woman \(k) of the cohort in \(loaded.file) (seed \(request.seed)) has \(woman.pregnancies.count) "
                         + "pregnancies and no cells ever enter her family, so there is nothing to export: pick another "
                         + "--individual or --seed")
        }
        return (compiled.network, compiled, k)
    }

    /// Writes `text` to `path` (`export --out`) by the output policy, as `describe --out` does.
    public static func write(_ text: String, to path: String) throws(RunError) {
        try DescribePipeline.write(text, to: path)
    }
}
