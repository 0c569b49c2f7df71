import Engines
import Foundation
import MicrochimeraKit
import RateModel
import Testing

/// Biological properties of `scenarios/single-pregnancy.yaml` (a son, the
/// biology-level defaults) against the facts in ../shared/domain.md, with
/// the exact moments (5 L of maternal blood, the default host blood volume).
@Suite("Default scenario respects the published facts")
struct DefaultScenarioTests {
    static let loaded = Result { try RunPipeline.load(path: CLIHarness.packageRoot.appendingPathComponent("scenarios/single-pregnancy.yaml").path, overrides: []) }

    /// Mean fetal cells (all types) in the mother's blood at every output time.
    static func motherBlood() throws -> [(day: Double, mean: Double)] {
        let compiled = try #require(try loaded.get().compiled)
        let result = try MomentsEngine(model: compiled.network).run(layout: compiled.layout)
        let series = try #require(result.series.first {
            $0.label.host == "mother" && $0.label.origin == .named("son") && $0.label.cellType == .allCellTypes && $0.label.compartment == .named("blood")
        })
        return zip(result.times, series.points).map { ($0, $1.mean) }
    }

    /// Counted as FISH counts them: the transferred cells and the clone of an
    /// occupied niche (`ValidationScenarioTests.bloodWithClone`), averaged
    /// over the window in which Krabchi et al. sampled their 12 women.
    @Test("2-6 fetal cells per mL of blood at 18-22 weeks, as FISH sees them (Krabchi et al. 2001)")
    func midGestation() throws {
        let compiled = try #require(try Self.loaded.get().compiled)
        let days = compiled.network.outputTimes.filter { $0 >= 18 * 7 && $0 <= 22 * 7 }
        #expect(days.count >= 3)
        let volume = compiled.scenario.hostCells.bloodVolume
        let levels = try ValidationScenarioTests.bloodWithClone(compiled, origin: "son", at: days).map { $0 / volume }
        let perML = levels.reduce(0, +) / Double(levels.count)
        #expect(perML >= 2 && perML <= 6, "weeks 18-22: \(perML) cells/mL on average (\(levels))")
    }

    @Test("blood level rises after week 24 and peaks at delivery (Ariga et al. 2001)")
    func peakAtDelivery() throws {
        let blood = try Self.motherBlood()
        #expect(blood.max { $0.mean < $1.mean }!.day == 280)
        let week12 = blood.first { $0.day == 12 * 7 }!.mean, week30 = blood.first { $0.day == 30 * 7 }!.mean
        #expect(week30 > 10 * week12)
        // Cleared within weeks: a month after delivery, under 1% of the peak.
        let month = blood.first { $0.day >= 280 + 30 }!.mean
        #expect(month < 0.01 * blood.first { $0.day == 280 }!.mean)
    }

    /// The scenario's Y-chromosome assay (qPCR on the DNA of 3 × 10⁵ blood
    /// cells, as Evans et al. 1999 tested) at 27 years: the exact detection
    /// probability lies in the 95% Wilson interval of Evans et al. (16 of 48
    /// women positive: 0.21-0.47). With the default niche the assay sees the
    /// clone of an occupied niche too (`ValidationScenarioTests.pDetect`:
    /// the mixture of two generating functions, one with the niche forced empty).
    @Test("qPCR of 3e5 blood cells is positive in about a third of mothers 27 years on (Evans et al. 1999)")
    func persistence() throws {
        let compiled = try #require(try Self.loaded.get().compiled)
        let assay = try #require(compiled.assays.first { $0.assay.name == "blood_y_qpcr" })
        #expect(assay.assay.sample == .hostCells(3e5))
        let pDetect = try ValidationScenarioTests.pDetect(compiled, "blood_y_qpcr", at: 27 * 365.25)
        #expect(pDetect > 0.21 && pDetect < 0.47, "P(detect in 3e5 cells at 27 y) = \(pDetect)")
    }
}
