@testable import BiologyModel
import Testing

/// Assay kinds resolved by the compiler: the thinning probability, the
/// counted compartments and the unit; and the reference problems of assays
/// built through the API (the format reports most of them while decoding).
@Suite struct AssayKindReferenceTests {
    static let base = BiologyScenario(name: "k", horizon: 10 * 365.25, outputTimes: [0],
                                      pregnancies: [Pregnancy(child: Child(name: "son", sex: .male), start: 0)])

    static func assay(_ kind: AssayKind, sample: Sample = .bloodVolume(milliliters: 10), cellTypes: [String]? = nil,
                      efficiency: Double? = nil, compartment: String = "blood") -> Assay {
        Assay(name: "a", marker: .yChromosome, compartment: compartment, sample: sample, times: [365.25],
              kind: kind, cellTypes: cellTypes, efficiency: efficiency)
    }

    func problems(_ assay: Assay) -> [BiologyProblem] {
        var s = Self.base
        s.assays = [assay]
        do {
            _ = try BiologyCompiler.compile(s)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func cultureCountsProgenitorsAtThePlatingEfficiencyPerMilliliter() throws {
        var s = Self.base
        s.assays = [Self.assay(.culture, sample: .bloodVolume(milliliters: 20))]
        let c = try BiologyCompiler.compile(s)
        let a = c.assays[0]
        #expect(a.sampledFraction == 20.0 / 5000 * 0.05)
        #expect(!a.compartments.isEmpty && a.compartments.allSatisfy { c.populations[$0].cellType == "progenitor" })
        #expect(a.levelUnit == .perMilliliterBlood)
        let colonies = 20.0 / 5000 * 0.05 * 1000 / 20 // E[K]/mL for E[N] = 1000
        #expect(abs(a.level(meanCount: 1000) - colonies) <= 1e-15 * colonies)
    }

    @Test func aTissueCultureReportsPer1e5Cells() throws {
        var s = Self.base
        s.assays = [Self.assay(.culture, sample: .hostCells(1e6), compartment: "bone_marrow")]
        let a = try BiologyCompiler.compile(s).assays[0]
        #expect(a.levelUnit == .per1e5Cells)
        #expect(a.sampledFraction == 1e6 / BiologyDefaults.tissueCells["bone_marrow"]! * 0.05)
        #expect(a.levelPerCount == 1e5 / 1e6)
    }

    @Test func problemsOfAPIBuiltAssays() {
        #expect(problems(Self.assay(.qpcr, cellTypes: ["stem"])).map(\.site) == [.assay(0, .cellTypes)])
        #expect(problems(Self.assay(.qpcr, cellTypes: [])).map(\.site) == [.assay(0, .cellTypes)])
        #expect(problems(Self.assay(.qpcr, efficiency: 0)).map(\.site) == [.assay(0, .efficiency)])
        #expect(problems(Self.assay(.qpcr, efficiency: 1)).isEmpty)
        let plasmaFromBlood = problems(Self.assay(.plasmaDNA, cellTypes: ["mature"]))
        #expect(plasmaFromBlood.map(\.site) == [.assay(0, .sample)])
        #expect(plasmaFromBlood.first?.message.description == "a plasma DNA assay samples a volume of plasma, e.g. 1 mL")
        #expect(problems(Self.assay(.qpcr, sample: .plasmaVolume(milliliters: 1))).map(\.site) == [.assay(0, .sample)])
        #expect(problems(Self.assay(.plasmaDNA, sample: .plasmaVolume(milliliters: 1))).map(\.site) == [.assay(0, .cellTypes)])
        #expect(problems(Self.assay(.plasmaDNA, sample: .plasmaVolume(milliliters: 1), cellTypes: ["mature"])).isEmpty)
    }
}
