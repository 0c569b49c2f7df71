import Interop
import Testing

/// SBML ids: valid SIds, distinct, readable.
struct SBMLIdentifierTests {
    /// Whether `id` is an SBML SId: a letter or `_`, then letters, digits and `_`.
    static func isSId(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.isASCII, first == "_" || first.properties.isAlphabetic else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    @Test func tokensKeepLettersAndDigitsAndCollapseTheRest() {
        #expect(SBMLIdentifiers.token("bone_marrow") == "bone_marrow")
        #expect(SBMLIdentifiers.token("a-b") == "a_b")
        #expect(SBMLIdentifiers.token("  a//b  ") == "a_b")
        #expect(SBMLIdentifiers.token("__a__b__") == "a_b")
        #expect(SBMLIdentifiers.token("émile") == "mile")
        #expect(SBMLIdentifiers.token("ü") == "x")
        #expect(SBMLIdentifiers.token("") == "x")
        #expect(SBMLIdentifiers.token("2nd") == "2nd")
    }

    @Test func speciesIdsAreValidAndDistinctEvenWhenTokensCollide() {
        let names = ["a-b", "a_b", "a b", "a_b_2", "2nd", "ü", "é", "x", "blood"]
        let ids = SBMLIdentifiers(labels: names.map { SBMLSource.Label(compartment: $0) })
        let species = names.indices.map(ids.species)
        #expect(species == ["s_a_b", "s_a_b_2", "s_a_b_3", "s_a_b_2_2", "s_2nd", "s_x", "s_x_2", "s_x_3", "s_blood"])
        #expect(Set(species).count == names.count)
        #expect(species.allSatisfy(Self.isSId))
    }

    @Test func reactionIdsDecodeUniquelyAcrossKinds() {
        // Tokens chosen so that naive concatenation would collide: "to" as a name, "__" in names.
        let names = ["a", "to", "a__to", "b", "to__b"]
        let ids = SBMLIdentifiers(labels: names.map { SBMLSource.Label(compartment: $0) })
        var all: [String] = names.indices.map(ids.species)
        for i in names.indices {
            for j in names.indices where j != i {
                let (r, k) = ids.ids(of: .transfer(i, j))
                all += [r, k]
            }
            for p in [SBMLProcess.loss(i), .division(i), .inflow(i)] {
                let (r, k) = ids.ids(of: p)
                all += [r, k]
            }
        }
        all += ids.hostCompartments.map(\.id)
        all += (1...5).map(SBMLIdentifiers.event)
        all += ["day", "per_day", "item_per_day", "microchimera"]
        #expect(Set(all).count == all.count)
        #expect(all.allSatisfy(Self.isSId))
    }

    @Test func biologyLabelsJoinTheirPartsAndGroupByHost() {
        let labels = [SBMLSource.Label(host: "mother", origin: "son", cellType: "progenitor", compartment: "blood"),
                      SBMLSource.Label(host: "son", origin: "mother", cellType: "mature", compartment: "bone marrow"),
                      SBMLSource.Label(host: "mother", origin: "son", cellType: "mature", compartment: "blood")]
        let ids = SBMLIdentifiers(labels: labels)
        #expect(ids.species(0) == "s_mother__son__progenitor__blood")
        #expect(ids.species(1) == "s_son__mother__mature__bone_marrow")
        #expect(ids.hostCompartments.map(\.id) == ["c_mother", "c_son"])
        #expect(ids.compartment(host: "son") == "c_son")
        #expect(ids.ids(of: .transfer(0, 2)).reaction == "r_transfer__mother__son__progenitor__blood__to__mother__son__mature__blood")
    }
}
