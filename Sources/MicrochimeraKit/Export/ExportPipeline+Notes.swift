import BiologyModel
import Reporting
import ScenarioFormat

/// What the exported file says about its scenario, and what SBML cannot say.
extension ExportPipeline {
    /// Where the model comes from: file, description, overrides, the woman of a cohort.
    static func provenance(_ loaded: LoadedScenario, woman: Int?, seed: UInt64) -> [String] {
        var out = ["Exported by Microchimera \(MicrochimeraVersion.current) (microchimera export --sbml) from \(loaded.file) "
                   + "(SHA-256 \(SHA256.hexDigest(loaded.sourceBytes)))."]
        if !loaded.description.isEmpty { out.append("Scenario: \(loaded.description).") }
        if !loaded.overrides.isEmpty {
            out.append("With --set " + loaded.overrides.map { "\($0.path)=\($0.value)" }.joined(separator: ", ") + ".")
        }
        if let woman {
            out.append("Woman \(woman) of the scenario's cohort, her pregnancies and rate multipliers drawn with seed \(seed) "
                       + "(as `microchimera run --individual \(woman) --seed \(seed)`).")
        }
        return out
    }

    /// The items of "What this file does not say".
    static func unsaid(_ loaded: LoadedScenario, compiled: CompiledScenario?, woman: Int?, seed: UInt64) -> [String] {
        var out: [String] = []
        out.append("How Microchimera runs it: the method (exact, fast or moments), the number of replicates and the seed "
                   + "are options of `microchimera run`, not part of the model.")
        if compiled != nil {
            out.append("The output series that sum populations (origin all, cell type all, compartment total in "
                       + "timeseries.csv): each is the sum of the species it names; only the populations are species.")
        } else {
            out.append("The output series total (the sum of every compartment in timeseries.csv): it is the sum of the species.")
        }
        if let compiled {
            if !compiled.assays.isEmpty {
                let names = compiled.assays.map(\.assay.name).joined(separator: ", ")
                out.append("The assays (\(names)): which origins a marker sees, the sample taken (each cell counted with "
                           + "a probability, a binomial thinning), the efficiency and limit of detection, and the sampling "
                           + "times. SBML has no sampling model; Microchimera computes them from the counts' law.")
            }
            let niches = compiled.scenario.cellTypes.filter { $0.niche != nil }.map(\.name)
            if !niches.isEmpty {
                out.append("The niche clones of \(niches.joined(separator: ", ")): a niche with a founder keeps a clone that "
                           + "only assays see. The niche's founders are species; the clone is not.")
            }
            if compiled.scenario.population != nil {
                out.append("The scenario's population: block (between-women variation of the rates): this model holds the "
                           + "family's own rates, every multiplier 1, and its mean is not the population average `run` reports.")
            }
            out.append("The family as written (pregnancies, transfusions, injuries, breastfeeding, immune factors): they are "
                       + "compiled into the flows, windows and boluses here.")
        }
        if loaded.cohort != nil, let woman {
            out.append("The cohort: how women draw their pregnancies, outcomes and rate multipliers. This is woman \(woman) "
                       + "of seed \(seed) only; prevalence over women is not a property of one network.")
        }
        return out
    }

    /// The model annotation's attributes (`mc:scenario`).
    static func attributes(_ loaded: LoadedScenario, compiled: CompiledScenario?, woman: Int?, seed: UInt64)
        -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = [
            ("file", loaded.file),
            ("sha256", SHA256.hexDigest(loaded.sourceBytes)),
            ("level", compiled == nil ? "network" : "biology"),
            ("version", MicrochimeraVersion.current),
        ]
        if compiled?.scenario.population != nil { out.append(("population", "nominal")) }
        if let woman {
            out.append(("individual", String(woman)))
            out.append(("seed", String(seed)))
        }
        return out
    }
}
