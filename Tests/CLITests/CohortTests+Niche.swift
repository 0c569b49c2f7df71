import Foundation
import Testing

/// A cohort whose type has a niche: each woman's P(detect | her counts)
/// includes the clone of her occupied niche (`CloneDetection.detection`), so
/// 400 women with one identical history are 400 independent samples of the
/// family's exact P(positive), which the moments method gives from
/// generating functions with the niche forced empty. Threshold: |z| < 4
/// with the women's own sample sd. A cohort that ignored the clone would
/// sit at the no-niche answer, tens of standard errors away (checked too).
extension CohortTests {
    /// The stem type's niche, accepted by a share `acceptance` of the women.
    static func niche(acceptance: Double) -> String {
        "    niche: { seeding: 0.001 /day, blood_cells: 1000\(acceptance == 1 ? "" : ", acceptance: \(acceptance)") }\n"
    }

    static let tissues = "      bone_marrow: { return: 0.01 /day, death: 0.002 /day }\n"
    /// The same kinetics with marrow cells dying within weeks: a year on, the
    /// son's own cells are nearly gone and what a draw sees is the clone.
    static let shortLived = "      bone_marrow: { return: 0.01 /day, death: 0.05 /day }\n"

    /// `text` with short-lived marrow cells, and with the niche added to the stem type when `niche`.
    static func withNiche(_ text: String, niche: Bool = true, acceptance: Double = 1) -> String {
        precondition(text.contains(tissues), "the kinetics changed: put the niche after the stem type's tissues")
        return text.replacingOccurrences(of: tissues, with: shortLived + (niche ? Self.niche(acceptance: acceptance) : ""))
    }

    /// The family's P(positive) per assay time from `run --method moments` (assay.csv).
    static func momentsPDetect(_ text: String, in dir: URL, name: String) throws -> [Double] {
        let path = try CLIHarness.write(text, named: name + ".yaml", in: dir)
        let r = try CLIHarness.run(["run", path, "--out", dir.path + "/" + name, "--method", "moments", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return try Self.csv(dir.path + "/" + name, "assay.csv").map { Double($0["p_detect"]!)! }
    }

    @Test("a cohort with a niche: the women's P(detect) includes the clone and samples the family's exact P(positive) (acceptance 1 and 0.4)",
          arguments: [1, 0.4])
    func nicheCohortMatchesExact(acceptance: Double) throws {
        let dir = try CLIHarness.temporaryDirectory()
        let cohort = Self.withNiche(Self.sameHistoryCohort(size: 400), acceptance: acceptance)
        #expect(cohort.contains("niche:"))
        let path = try CLIHarness.write(cohort, named: "cohort.yaml", in: dir)
        let r = try CLIHarness.run(["run", path, "--out", dir.path + "/out", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let exact = try Self.momentsPDetect(Self.withNiche(Self.family, acceptance: acceptance), in: dir, name: "family")
        let bare = try Self.momentsPDetect(Self.withNiche(Self.family, niche: false), in: dir, name: "bare")
        let individuals = try Self.csv(dir.path + "/out", "individuals.csv")
        #expect(exact.count == 3)
        for (j, years) in [1.0, 2, 3].enumerated() {
            let ps = individuals.filter { abs(Double($0["time_days"]!)! - years * 365.25) < 1e-6 }.map { Double($0["p_detect"]!)! }
            #expect(ps.count == 400)
            let mean = ps.reduce(0, +) / Double(ps.count)
            let sd = (ps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(ps.count - 1)).squareRoot()
            // A floor of 1e-9: where every woman has the same P(detect) (her niche occupied, her own cells gone),
            // only the rounding of the moments' logarithms is left (3e-11 measured).
            let se = max(sd / 20, 1e-9)
            #expect(abs(mean - exact[j]) / se < 4, "year \(years): cohort \(mean), exact \(exact[j]), se \(se)")
            #expect(abs(mean - bare[j]) / se > 10, "year \(years): the clone must matter here: \(mean) vs \(bare[j]) without it")
        }
    }
}
