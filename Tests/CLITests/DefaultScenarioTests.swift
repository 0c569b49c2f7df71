import Foundation
import Testing
import MicrochimeraKit
import Engines

/// Biological properties of `scenarios/single-pregnancy.yaml` against the
/// facts in ../shared/domain.md (5 L of maternal blood assumed, as the file says).
@Suite("Default scenario respects the published facts")
struct DefaultScenarioTests {
    static func means(_ compartment: String) throws -> [(day: Double, mean: Double)] {
        let path = CLIHarness.packageRoot.appendingPathComponent("scenarios/single-pregnancy.yaml").path
        let loaded = try RunPipeline.load(path: path, overrides: [])
        let result = try MomentsEngine(model: loaded.model).run()
        let series = result.series.first { $0.label.compartment == compartment }!
        return zip(result.times, series.points).map { ($0, $1.mean) }
    }

    @Test("2-6 fetal cells per mL of blood at 18-22 weeks (Krabchi et al. 2001)")
    func midGestation() throws {
        for (day, mean) in try Self.means("blood") where day >= 18 * 7 && day <= 22 * 7 {
            let perML = mean / 5000
            #expect(perML >= 2 && perML <= 6, "week \(day / 7): \(perML) cells/mL")
        }
    }

    @Test("blood level rises towards term and peaks at delivery (Ariga et al. 2001)")
    func peakAtDelivery() throws {
        let blood = try Self.means("blood")
        let peak = blood.max { $0.mean < $1.mean }!
        #expect(peak.day == 280)
        let week12 = blood.first { $0.day == 12 * 7 }!.mean, week30 = blood.first { $0.day == 30 * 7 }!.mean
        #expect(week30 > 10 * week12)
    }

    @Test("cells persist for decades: blood still holds cells 27 years after delivery (Bianchi et al. 1996)")
    func persistence() throws {
        let blood = try Self.means("blood")
        let at27 = blood.min { abs($0.day - (280 + 27 * 365.25)) < abs($1.day - (280 + 27 * 365.25)) }!
        // Expected cells in a 10 mL draw (1/500 of 5 L) and the Poisson detection probability.
        let pDetect = 1 - exp(-at27.mean / 500)
        #expect(pDetect > 0.15 && pDetect < 0.75, "P(detect in 10 mL at 27 y) = \(pDetect)")
        let at1 = blood.min { abs($0.day - (280 + 365.25)) < abs($1.day - (280 + 365.25)) }!
        #expect(at27.mean < at1.mean) // but fewer than a year after delivery
    }
}
