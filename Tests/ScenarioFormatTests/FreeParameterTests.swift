import Foundation
import RateModel
import Testing
@testable import ScenarioFormat

/// `FreeParameter.overrideText` round-trips exactly; `readable` picks readable units.
@Suite("Free parameter text")
struct FreeParameterTests {
    func parameter(_ dimension: FreeParameter.Dimension) -> FreeParameter {
        FreeParameter(path: "p", lower: 0, upper: 1, scale: .linear, dimension: dimension, line: 1, column: 1)
    }

    /// Values whose shortest representation needs every form: many digits, exponents, subnormals.
    static let values: [Double] = {
        let special: [Double] = [
            12.5, 1.0 / 3.0, 0.1 + 0.2, 2.0 / 3.0 * 365.25, 1e-5, 0.0001, 5e-324, 2.2250738585072014e-308,
            1e17, 123456789012345678, 1.7976931348623157e308, 0, 7,
        ]
        let spread: [Double] = (0..<200).map { (i: Int) -> Double in
            Double(sign: .plus, exponent: i % 80 - 40, significand: 1 + Double(i) * 0.0049317)
        }
        return special + spread
    }()

    @Test("overrideText parses back through Units to exactly the same Double", arguments: FreeParameter.Dimension.allCases)
    func roundTripThroughUnits(dimension: FreeParameter.Dimension) {
        let p = parameter(dimension)
        for value in Self.values {
            let text = p.overrideText(value)
            let parsed: Double? = switch dimension {
            case .time: Units.parseTime(text)
            case .rate: Units.parseRatePerDay(text)
            case .volume: Units.parseVolumeMilliliters(text)
            case .number: Units.parseNumber(text)
            }
            #expect(parsed?.bitPattern == value.bitPattern, "\(value) -> '\(text)' -> \(String(describing: parsed))")
        }
    }

    @Test("the text per dimension is the number in the base unit")
    func texts() {
        #expect(parameter(.time).overrideText(12.5) == "12.5 days")
        #expect(parameter(.rate).overrideText(0.003) == "0.003 /day")
        #expect(parameter(.volume).overrideText(10) == "10.0 mL")
        #expect(parameter(.number).overrideText(0.25) == "0.25")
        #expect(parameter(.number).overrideText(-0.0) == "0.0")
    }

    @Test("the scenario decoder accepts overrideText at a time, a rate and a cell count and reads the same Double")
    func roundTripThroughScenario() throws {
        let text = scenario(output: "times: [0 days]", network: """
            compartments:
              - { name: a, initial: 5 }
            flows:
              - { from: a, to: out, rate: 1 /day }
            """)
        // Within the model's bounds (ModelBounds: rates up to 1e6 per day, horizons up to 10,000 years).
        for value in Self.values where value > 0 && value <= ModelBounds.perCellRate {
            let horizon = parameter(.time).overrideText(value)
            let rate = parameter(.rate).overrideText(value)
            let model = try ScenarioLoader.parse(text: text, file: "test.yaml", overrides: [
                SetOverride(path: "horizon", value: horizon), SetOverride(path: "network.flows[0].rate", value: rate),
            ]).model
            #expect(model.horizon == value, "\(horizon)")
            #expect(model.flows[0].rate == value, "\(rate)")
        }
        for cells in [0.0, 1, 12345, 1e4, Double(ModelBounds.cells)] {
            let initial = parameter(.number).overrideText(cells)
            let model = try ScenarioLoader.parse(text: text, file: "test.yaml",
                                                 overrides: [SetOverride(path: "network.compartments.a.initial", value: initial)]).model
            #expect(Double(model.compartments[0].initial) == cells, "\(initial)")
        }
    }

    @Test("readable text uses hours, days, years, mL and L, four significant digits")
    func readable() {
        #expect(parameter(.time).readable(12.5) == "12.5 days")
        #expect(parameter(.time).readable(3.1 * 365.25) == "3.1 years")
        #expect(parameter(.time).readable(0.25) == "6 hours")
        #expect(parameter(.time).readable(0) == "0 days")
        #expect(parameter(.rate).readable(0.0031) == "0.0031 /day")
        #expect(parameter(.rate).readable(1.0 / 3.0) == "0.3333 /day")
        #expect(parameter(.volume).readable(1500) == "1.5 L")
        #expect(parameter(.volume).readable(10) == "10 mL")
        #expect(parameter(.number).readable(12345.6) == "1.235e+04")
    }
}
