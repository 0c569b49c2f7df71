import RateModel
import ScenarioFormat
import Testing

/// A biology-level file and the network-level file a modeller would write by
/// hand for the same small case compile to the same network.
@Suite struct BiologyEquivalenceTests {
    static let biology = """
        name: small
        horizon: 400 days
        output: { times: [0 days, 100 days, 400 days] }
        tissues: [bone_marrow]
        cell_types:
          stem:
            share: 1
            clearance: 0.3 /day
            homing: { bone_marrow: 0.01 /day }
            tissues:
              bone_marrow: { return: 0.02 /day, death: 0.001 /day, self_renewal: 0.002 /day }
        transfer:
          shape:
            - { from: 6 weeks, level: 0.5 }
            - { from: 8 weeks, level: 1 }
          fetal_to_maternal: { peak: 1000 /day, pulse: { miscarriage: 500 } }
          maternal_to_fetal: { peak: 100 /day }
          carried: 0.5 /day
        pregnancies:
          - { child: c1, sex: male, start: 10 days, length: 10 weeks, outcome: miscarriage }
        """

    static let network = """
        name: small
        horizon: 400 days
        output: { times: [0 days, 100 days, 400 days] }
        network:
          compartments:
            - { name: mother/c1/stem/blood }
            - { name: mother/c1/stem/bone_marrow }
          flows:
            - { from: mother/c1/stem/blood, to: out, rate: 0.3 /day }
            - { from: mother/c1/stem/blood, to: mother/c1/stem/bone_marrow, rate: 0.01 /day }
            - { from: mother/c1/stem/bone_marrow, to: mother/c1/stem/blood, rate: 0.02 /day }
            - { from: mother/c1/stem/bone_marrow, to: out, rate: 0.001 /day }
          divisions:
            - { in: mother/c1/stem/bone_marrow, rate: 0.002 /day }
          inflows:
            - { to: mother/c1/stem/blood, rate: 500 /day, start: 52 days, end: 66 days }
            - { to: mother/c1/stem/blood, rate: 1000 /day, start: 66 days, end: 80 days }
          boluses:
            - { to: mother/c1/stem/blood, cells: 500, at: 80 days }
        """

    @Test func miscarriageCompilesToTheHandWrittenNetwork() throws {
        let compiled = try ScenarioLoader.parse(text: Self.biology, file: "biology.yaml")
        let written = try ScenarioLoader.parse(text: Self.network, file: "network.yaml")
        let a = compiled.model, b = written.model
        #expect(compiled.compiled != nil && written.compiled == nil)
        #expect(a.compartments == b.compartments)
        #expect(a.outputTimes == b.outputTimes && a.horizon == b.horizon)
        #expect(Set(a.boluses) == Set(b.boluses) && Set(a.divisions) == Set(b.divisions))
        for t in [0.0, 51.9, 52, 60, 66, 79.9, 80, 200, 399.9] {
            #expect(RateSet(model: a, at: t) == RateSet(model: b, at: t), "rates differ at day \(t)")
        }
    }
}
