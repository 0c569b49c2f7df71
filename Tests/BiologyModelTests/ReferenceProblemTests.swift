@testable import BiologyModel
import Testing

/// The compiler refuses scenarios whose names do not refer to anything, or
/// whose family makes no biological sense, and says where.
@Suite struct ReferenceProblemTests {
    static let base = BiologyScenario(name: "r", horizon: 40 * 365.25, outputTimes: [0],
                                      pregnancies: [Pregnancy(child: Child(name: "son", sex: .male), start: 0)])

    func problems(_ change: (inout BiologyScenario) -> Void) -> [BiologyProblem] {
        var s = Self.base
        change(&s)
        do {
            _ = try BiologyCompiler.compile(s)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func aSonCannotBeAMother() {
        let found = problems { $0.pregnancies.append(Pregnancy(mother: "son", child: Child(name: "g", sex: .female), start: 20 * 365.25)) }
        #expect(found.map(\.site) == [.pregnancy(1, .mother)])
        #expect(found.first?.message.description.hasPrefix("'son' is male") == true)
    }

    @Test func overlappingPregnanciesOfOneMother() {
        let found = problems { $0.pregnancies.append(Pregnancy(child: Child(name: "second", sex: .female), start: 100)) }
        #expect(found.map(\.site) == [.pregnancy(1, .start)])
        #expect(found.first?.message.parts == [
            .text("this pregnancy starts before the one at "), .term(.pregnancy(0)),
            .text(" ends; one mother carries one pregnancy at a time (use "), .term(.twin), .text(" for twins)"),
        ])
        #expect(found.first?.message.description
                == "this pregnancy starts before the one at pregnancy[0] ends; one mother carries one pregnancy at a time (use 'Pregnancy.twin' for twins)")
    }

    @Test func unknownNamesAreReportedWithTheirPlace() {
        let found = problems {
            $0.events = [.injury(Injury(tissue: "hart", start: 400, duration: 10, homingFactor: 5))]
            $0.assays = [Assay(name: "a", marker: .hla(origin: "daughter"), sample: .bloodVolume(milliliters: 10), times: [500])]
            $0.immunity = [ImmuneFactor(host: "father", origin: "son", clearanceFactor: 0.5)]
        }
        #expect(found.map(\.site) == [.immunity(0, .host), .event(0, .tissue), .assay(0, .origin)])
        #expect(found.map { $0.message.description.prefix(22) } == ["'father' is not a host", "'hart' is not a tissue", "'daughter' is not an o"])
    }

    @Test func duplicateChildNames() {
        let found = problems { $0.pregnancies.append(Pregnancy(child: Child(name: "son", sex: .male), start: 3 * 365.25)) }
        #expect(found == [BiologyProblem(.pregnancy(1, .child), "the name 'son' is already used; every child needs its own name")])
    }

    /// A Y-chromosome assay sees sons and male donors, never a daughter.
    @Test func yAssaySeesOnlyMaleOrigins() throws {
        var s = Self.base
        s.pregnancies.append(Pregnancy(child: Child(name: "daughter", sex: .female), start: 2 * 365.25))
        s.assays = [Assay(name: "y", marker: .yChromosome, sample: .bloodVolume(milliliters: 10), times: [10 * 365.25])]
        let c = try BiologyCompiler.compile(s)
        #expect(c.assays[0].visibleOrigins == ["son"])
        #expect(c.assays[0].compartments.allSatisfy { c.populations[$0].origin == "son" && c.populations[$0].compartment == "blood" })
        #expect(c.assays[0].sampledFraction == 10.0 / 5000)
        #expect(c.network.outputTimes.contains(10 * 365.25))
    }
}
