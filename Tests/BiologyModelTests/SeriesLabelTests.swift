@testable import BiologyModel
import RateModel
import Testing

/// The compiler's series labels: the sums it generates are typed cases,
/// distinct from any declared name even when a program builds a scenario
/// whose names the decoder would refuse.
@Suite struct SeriesLabelTests {
    /// A tissue `total` and a cell type `all` (the decoder refuses both; the
    /// library API does not go through it), two origins in the mother.
    static func collidingNames() throws -> CompiledScenario {
        let stem = CellType(name: "stem", share: 0.5, bloodClearance: 0.3, homing: ["total": 0.01])
        let all = CellType(name: "all", share: 0.5, bloodClearance: 0.3, homing: ["total": 0.02])
        let scenario = BiologyScenario(
            name: "colliding", horizon: 800, outputTimes: [0, 400, 800], tissues: ["total"], cellTypes: [stem, all],
            pregnancies: [Pregnancy(child: Child(name: "son", sex: .male), start: 0),
                          Pregnancy(child: Child(name: "lost", sex: .female), start: 400, length: 70, outcome: .miscarriage)])
        return try BiologyCompiler.compile(scenario)
    }

    @Test("declared names equal to the sums' text still give distinct series, and each sum adds what it should")
    func sumsAreDistinctFromNames() throws {
        let compiled = try Self.collidingNames()
        let entries = compiled.layout.entries
        #expect(Set(entries.map(\.label)).count == entries.count, "two series with the same label")
        let mother = entries.filter { $0.label.host == "mother" }
        let order = compiled.populations
        for origin in ["son", "lost"] {
            let total = try #require(mother.first {
                $0.label.origin == .named(origin) && $0.label.cellType == .allCellTypes && $0.label.compartment == .total
            })
            #expect(total.compartments == order.indices.filter { order[$0].host == "mother" && order[$0].origin == origin })
            // The declared cell type `all` in the declared tissue `total` is one population, not a sum.
            let declared = try #require(mother.first {
                $0.label.origin == .named(origin) && $0.label.cellType == .named("all") && $0.label.compartment == .named("total")
            })
            #expect(declared.compartments.count == 1)
        }
        let overOrigins = mother.filter { $0.label.origin == .allOrigins }
        #expect(overOrigins.map(\.label) == [SeriesLabel(host: "mother", origin: .allOrigins, cellType: .allCellTypes, compartment: .total)])
        #expect(overOrigins.first?.compartments == order.indices.filter { order[$0].host == "mother" })
    }

    @Test("the text of each column: names as declared, the sums as all and total, absent columns empty")
    func text() {
        #expect(SeriesLabel.Part.named("total").text == "total" && SeriesLabel.Part.named("total") != .total)
        #expect(SeriesLabel.Part.allOrigins.text == "all" && SeriesLabel.Part.allCellTypes.text == "all")
        #expect(SeriesLabel.Part.total.text == "total" && SeriesLabel.Part.absent.text == "")
        #expect(SeriesLabel.Part.total.name == nil && SeriesLabel.Part.named("blood").name == "blood")
    }
}
