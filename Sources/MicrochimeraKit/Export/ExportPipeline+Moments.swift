import Engines
import Interop
import RateModel
import Reporting

/// `export --moments FILE`: the reference values of an exported model.
extension ExportPipeline {
    /// The exact mean and standard deviation of every species at every output
    /// time, from `MomentsEngine` (the mean and sd `run --method moments`
    /// reports, without its `p_present`, which is most of its cost with division).
    ///
    /// CSV, one row per output time and species in species order: `time_days`,
    /// `species` (the SBML id), `name` (the network compartment), `mean`, `sd`,
    /// numbers in shortest round-trip form. Cost: the moments engine's
    /// mean and covariance, O(n⁴) per epoch and step length for n compartments.
    static func momentsCSV(_ model: NetworkModel, ids: SBMLIdentifiers) throws(RunError) -> String {
        let result: RunResult
        do {
            result = try MomentsEngine(model: model).run(layout: SeriesLayout(network: model), presence: false)
        } catch {
            throw .engine(error)
        }
        var csv = "time_days,species,name,mean,sd\n"
        for (k, t) in result.times.enumerated() {
            for i in 0..<model.count {
                let p = result.series[i].points[k]
                csv += "\(NumberFormat.shortest(t)),\(ids.species(i)),\(CSVField.escape(model.compartments[i].name)),"
                    + "\(NumberFormat.shortest(p.mean)),\(p.sd.map(NumberFormat.shortest) ?? "")\n"
            }
        }
        return csv
    }
}
