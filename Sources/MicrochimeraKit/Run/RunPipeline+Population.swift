import BiologyModel
import Engines
import Reporting
import StochasticEngines

extension RunPipeline {
    /// One family's population prediction (`population:`): with the moments
    /// method, every member of the quadrature (`PopulationMixture`) run as an
    /// ordinary family on `request.options.threads` workers and the outputs
    /// combined; with a method that samples trajectories, one woman of the
    /// population per replicate (`PopulationEnsemble`).
    ///
    /// Every member is given `compiled`'s output times (a run's summary
    /// checkpoints, a sweep's `--at`), as the multipliers change rates, not the
    /// calendar; `point` is a sweep point's index, part of every stream. Complexity: `spec.runs` moments runs, or one
    /// compilation and one trajectory per replicate.
    static func simulatePopulation(_ spec: PopulationSpec, compiled: CompiledScenario, request: RunRequest,
                                   point: UInt64 = 0) throws(RunError) -> FamilyRun {
        let choice: EngineChoice
        do throws(EngineError) {
            choice = try request.options.engines.choose(request.options.method, for: compiled.network)
        } catch {
            throw .engine(error)
        }
        if let engine = choice.trajectoryEngine {
            var run = try simulateFamily(model: compiled.network, compiled: compiled, request: request, choice: choice,
                                         sample: { layout, ensemble throws(EngineError) in
                try PopulationEnsemble.run(spec, scenario: compiled.scenario, outputTimes: compiled.network.outputTimes, engine: engine,
                                           layout: layout, ensemble: ensemble, point: point)
            })
            run.population = RunManifest.PopulationRecord(
                variation: variationRecord(spec.variation), nodes: 0, runs: request.options.replicates,
                integration: "sampled: replicate r draws its multipliers from substream \(PopulationEnsemble.multiplierSubstream) "
                    + "of its stream, then its trajectory from the replicate's own stream")
            return run
        }
        guard choice.kind == .moments else {
            throw .usage("'population:' needs the moments method or a method that samples trajectories; method \(choice.kind) does neither")
        }
        let mixture = PopulationMixture(spec)
        let outputTimes = compiled.network.outputTimes
        let runs = try mixture.map(compiled.scenario, threads: request.options.threads) { member throws(RunError) in
            var network = member.network
            network.outputTimes = outputTimes
            let member = CompiledScenario(scenario: member.scenario, network: network, populations: member.populations,
                                          hosts: member.hosts, origins: member.origins, layout: member.layout, assays: member.assays)
            let run = try simulateFamily(model: network, compiled: member, request: request, choice: choice)
            return (result: run.result, rows: run.assayRows)
        }
        let result = mixture.combine(runs.map(\.result))
        let references = SummaryCheckpoints.references(compiled)
        var run = FamilyRun(choice: choice, output: EngineOutput(result: result, replicates: 0), result: result,
                            assayRows: mixture.combine(runs.map(\.rows)), model: compiled.network, compiled: compiled,
                            references: references)
        run.population = record(spec)
        return run
    }

    /// run.json's record of a moments population prediction.
    static func record(_ spec: PopulationSpec) -> RunManifest.PopulationRecord {
        RunManifest.PopulationRecord(
            variation: variationRecord(spec.variation), nodes: spec.nodes, runs: spec.runs,
            integration: "tensor Gauss-Hermite quadrature: \(spec.nodes) points on each of \(spec.dimensions) varying rates")
    }

    /// The coefficients of variation by their scenario keys.
    static func variationRecord(_ v: RateVariation) -> [String: Double] {
        ["clearance": v.clearance, "homing": v.homing, "self_renewal": v.selfRenewal, "transfer": v.transfer]
    }
}
