import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Interop
import RateModel
import Testing

/// `SBMLExport` on a small hand-made network whose SBML is derived by hand.
///
/// The network: blood (3 cells) and marrow. Blood loses cells at 0.3/day and
/// sends them to marrow at 0.05/day, plus 0.02/day on [10, 30) (the same
/// pair: 0.07 there); marrow divides at 0.06/day on [10, 41); an inflow of
/// 2.5 cells/day into blood on [5, 20); boluses of 4 cells into marrow at day
/// 0 (folded into its initial amount: 4) and of 30 + 7 cells into blood at
/// day 10. Horizon 50. So the events are at 5 (inflow on), 10 (transfer 0.07,
/// division 0.06, bolus 37), 20 (inflow off), 30 (transfer 0.05) and 41
/// (division 0).
struct SBMLExportTests {
    static let model = NetworkModel(
        name: "hand <made> & small",
        horizon: 50,
        outputTimes: [0, 10, 50],
        compartments: [Compartment(name: "blood", initial: 3), Compartment(name: "marrow")],
        flows: [Flow(from: 0, to: .out, rate: 0.3, window: TimeWindow(start: 0, end: 50)),
                Flow(from: 0, to: .compartment(1), rate: 0.05, window: TimeWindow(start: 0, end: 50)),
                Flow(from: 0, to: .compartment(1), rate: 0.02, window: TimeWindow(start: 10, end: 30))],
        divisions: [Division(compartment: 1, rate: 0.06, window: TimeWindow(start: 10, end: 41))],
        inflows: [Inflow(compartment: 0, rate: 2.5, window: TimeWindow(start: 5, end: 20))],
        boluses: [Bolus(compartment: 1, cells: 4, time: 0), Bolus(compartment: 0, cells: 30, time: 10),
                  Bolus(compartment: 0, cells: 7, time: 10)])

    static func export(_ model: NetworkModel = model) throws -> XMLDocument {
        let text = try SBMLExport.document(SBMLSource(model: model, labels: SBMLSource.networkLabels(model),
                                                      unsaid: ["the assay <model>"], provenance: ["made by hand"],
                                                      attributes: [("file", "hand.yaml")]))
        return try XMLDocument(xmlString: text, options: [])
    }

    static func nodes(_ doc: XMLNode, _ xpath: String) throws -> [XMLElement] {
        try doc.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
    }

    /// The attribute `name` of `e` (looked up in `attributes`: Foundation on Linux does not find unprefixed
    /// attributes of an element in a default namespace by `attribute(forName:)`).
    static func attribute(_ e: XMLElement, _ name: String) -> String? {
        e.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }

    /// The text of every element named `local` under `e`, trimmed.
    static func texts(_ e: XMLElement, _ local: String) -> [String] {
        var out: [String] = []
        func walk(_ node: XMLNode) {
            if let el = node as? XMLElement, el.localName == local { out.append((el.stringValue ?? "").trimmingCharacters(in: .whitespaces)) }
            for child in node.children ?? [] { walk(child) }
        }
        walk(e)
        return out
    }

    @Test func isLevel3Version2WithUnitsInDaysAndItems() throws {
        let doc = try Self.export()
        let root = try #require(doc.rootElement())
        #expect(root.localName == "sbml")
        #expect(root.uri == SBMLExport.sbmlNamespace)
        #expect(Self.attribute(root, "level") == "3" && Self.attribute(root, "version") == "2")
        let model = try #require(Self.nodes(doc, "/*[local-name()='sbml']/*[local-name()='model']").first)
        #expect(Self.attribute(model, "name") == "hand <made> & small")
        #expect(Self.attribute(model, "timeUnits") == "day")
        #expect(Self.attribute(model, "substanceUnits") == "item")
        #expect(Self.attribute(model, "extentUnits") == "item")
        let units = try Self.nodes(doc, "//*[local-name()='unitDefinition']").compactMap { Self.attribute($0, "id") }
        #expect(units == ["day", "per_day", "item_per_day"])
        let notes = try #require(Self.nodes(doc, "//*[local-name()='notes']/*[local-name()='body']").first)
        #expect(notes.uri == "http://www.w3.org/1999/xhtml")
        #expect(notes.stringValue?.contains("the assay <model>") == true)
        #expect(notes.stringValue?.contains("made by hand") == true)
    }

    @Test func everyCompartmentIsASpeciesWithItsInitialAmountAndAnnotation() throws {
        let doc = try Self.export()
        let species = try Self.nodes(doc, "//*[local-name()='species']")
        #expect(species.map { Self.attribute($0, "id") } == ["s_blood", "s_marrow"])
        #expect(species.map { Self.attribute($0, "name") } == ["blood", "marrow"])
        // 3 initial cells in blood; marrow's 4 cells of the bolus at day 0 are its initial amount.
        #expect(species.map { Self.attribute($0, "initialAmount") } == ["3", "4"])
        for s in species {
            #expect(Self.attribute(s, "hasOnlySubstanceUnits") == "true")
            #expect(Self.attribute(s, "constant") == "false" && Self.attribute(s, "boundaryCondition") == "false")
            #expect(Self.attribute(s, "compartment") == "c_network")
        }
        let labels = try Self.nodes(doc, "//*[local-name()='population']")
        #expect(labels.map(\.uri) == [SBMLExport.annotationNamespace, SBMLExport.annotationNamespace])
        #expect(labels.map { Self.attribute($0, "compartment") } == ["blood", "marrow"])
        #expect(labels.map { Self.attribute($0, "index") } == ["0", "1"])
    }

    @Test func reactionsHaveTheStoichiometriesAndLawsDerivedByHand() throws {
        let doc = try Self.export()
        let reactions = try Self.nodes(doc, "//*[local-name()='reaction']")
        // Hand-derived: blood -> marrow, blood -> out, inflow into blood, division in marrow (X -> 2X).
        #expect(reactions.map { Self.attribute($0, "id") } == ["r_transfer__blood__to__marrow", "r_loss__blood",
                                                                "r_inflow__blood", "r_division__marrow"])
        func refs(_ r: XMLElement, _ list: String) throws -> [String] {
            try r.nodes(forXPath: "*[local-name()='\(list)']/*[local-name()='speciesReference']").compactMap { node in
                let e = try #require(node as? XMLElement)
                return "\(Self.attribute(e, "species") ?? "?")x\(Self.attribute(e, "stoichiometry") ?? "?")"
            }
        }
        #expect(try refs(reactions[0], "listOfReactants") == ["s_bloodx1"] && refs(reactions[0], "listOfProducts") == ["s_marrowx1"])
        #expect(try refs(reactions[1], "listOfReactants") == ["s_bloodx1"] && refs(reactions[1], "listOfProducts").isEmpty)
        #expect(try refs(reactions[2], "listOfReactants").isEmpty && refs(reactions[2], "listOfProducts") == ["s_bloodx1"])
        #expect(try refs(reactions[3], "listOfReactants") == ["s_marrowx1"] && refs(reactions[3], "listOfProducts") == ["s_marrowx2"])
        #expect(reactions.allSatisfy { Self.attribute($0, "reversible") == "false" })
        #expect(Self.texts(reactions[0], "ci") == ["k_transfer__blood__to__marrow", "s_blood"])
        #expect(Self.texts(reactions[2], "ci") == ["u_inflow__blood"])
        #expect(Self.texts(reactions[3], "ci") == ["k_division__marrow", "s_marrow"])

        let parameters = try Self.nodes(doc, "//*[local-name()='parameter']")
        let values = Dictionary(uniqueKeysWithValues: parameters.map { (Self.attribute($0, "id") ?? "?", Self.attribute($0, "value") ?? "?") })
        #expect(values == ["k_transfer__blood__to__marrow": "0.05", "k_loss__blood": "0.3", "u_inflow__blood": "0",
                           "k_division__marrow": "0"])
        let constant = parameters.filter { Self.attribute($0, "constant") == "true" }.compactMap { Self.attribute($0, "id") }
        #expect(constant == ["k_loss__blood"])
        #expect(parameters.first { Self.attribute($0, "id") == "u_inflow__blood" }.flatMap { Self.attribute($0, "units") } == "item_per_day")
    }

    @Test func eventsSwitchRatesAndAddCellsAtTheRightTimes() throws {
        let doc = try Self.export()
        let events = try Self.nodes(doc, "//*[local-name()='event']")
        #expect(events.map { Self.attribute($0, "id") } == ["e_1", "e_2", "e_3", "e_4", "e_5"])
        let triggers = try events.map { e in try Self.nodes(e, "*[local-name()='trigger']") }
        let times = triggers.map { t in t.first.map { Self.texts($0, "cn").joined(separator: ",") } ?? "none" }
        #expect(times == ["5", "10", "20", "30", "41"])
        func assignments(_ e: XMLElement) throws -> [String] {
            try Self.nodes(e, "*[local-name()='listOfEventAssignments']/*[local-name()='eventAssignment']").map { a in
                "\(Self.attribute(a, "variable") ?? "?")=" + Self.texts(a, "cn").joined(separator: ",")
            }
        }
        #expect(try assignments(events[0]) == ["u_inflow__blood=2.5"])
        #expect(try assignments(events[1]) == ["k_transfer__blood__to__marrow=0.07", "k_division__marrow=0.06", "s_blood=37"])
        #expect(Self.texts(events[1], "ci") == ["s_blood"])  // s_blood + 37
        #expect(try assignments(events[2]) == ["u_inflow__blood=0"])
        #expect(try assignments(events[3]) == ["k_transfer__blood__to__marrow=0.05"])
        #expect(try assignments(events[4]) == ["k_division__marrow=0"])
        for e in events {
            #expect(Self.attribute(e, "useValuesFromTriggerTime") == "true")
            let trigger = try #require(Self.nodes(e, "*[local-name()='trigger']").first)
            #expect(Self.attribute(trigger, "persistent") == "true" && Self.attribute(trigger, "initialValue") == "false")
        }
    }

    @Test func numbersRoundTripExactly() throws {
        let awkward: [Double] = [0.1, 1.0 / 3.0, 0.693147180559945 / 16.3 * 1440, 1e-300, 123456.789e10, .pi, 5e-324,
                                 0.09902102579427789, 2.5e15 + 0.5]
        for rate in awkward where rate <= 1e6 {
            let m = NetworkModel(name: "n", horizon: 7.25, outputTimes: [], compartments: [Compartment(name: "a")],
                                 flows: [Flow(from: 0, to: .out, rate: rate, window: TimeWindow(start: 1.0 / 3.0, end: 7.25))])
            let doc = try Self.export(m)
            let parameter = try #require(Self.nodes(doc, "//*[local-name()='parameter']").first)
            #expect(Double(try #require(Self.attribute(parameter, "value"))) == 0)
            let event = try #require(Self.nodes(doc, "//*[local-name()='event']").first)
            let cns = Self.texts(event, "cn")
            #expect(cns.count == 2)
            #expect(Double(cns[0]) == 1.0 / 3.0)
            #expect(Double(cns[1]) == rate, "rate \(rate) written as \(cns[1])")
        }
    }

    @Test func anEmptyNetworkIsRefusedAndLabelsMustMatch() {
        let empty = NetworkModel(name: "e", horizon: 1, outputTimes: [], compartments: [])
        #expect(throws: SBMLExportError.self) { try SBMLExport.document(SBMLSource(model: empty, labels: [])) }
        #expect(throws: SBMLExportError.labels(expected: 2, got: 1)) {
            try SBMLExport.document(SBMLSource(model: Self.model, labels: [SBMLSource.Label(compartment: "x")]))
        }
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let source = SBMLSource(model: Self.model, labels: SBMLSource.networkLabels(Self.model))
        #expect(try SBMLExport.document(source) == SBMLExport.document(source))
    }
}
