import RateModel

/// The compiled network as recorded in `run.json`: names instead of indices,
/// every time in days and every rate per day, after defaults and `--set`.
public struct ResolvedNetwork: Codable, Sendable, Equatable {
    public var name: String
    public var horizonDays: Double
    public var outputTimesDays: [Double]
    public var compartments: [CompartmentEntry]
    public var flows: [FlowEntry]
    public var divisions: [ProcessEntry]
    public var inflows: [ProcessEntry]
    public var boluses: [BolusEntry]

    public struct CompartmentEntry: Codable, Sendable, Equatable { public var name: String; public var initial: Int }
    public struct FlowEntry: Codable, Sendable, Equatable {
        public var from: String, to: String
        public var ratePerDay: Double, halfLifeDays: Double?
        public var startDays: Double, endDays: Double
    }
    /// A division (`ratePerDay` per cell) or an inflow (`ratePerDay` cells).
    public struct ProcessEntry: Codable, Sendable, Equatable {
        public var compartment: String, ratePerDay: Double, startDays: Double, endDays: Double
    }
    public struct BolusEntry: Codable, Sendable, Equatable { public var compartment: String, cells: Int, atDays: Double }

    public init(_ model: NetworkModel) {
        let names = model.compartments.map(\.name)
        name = model.name
        horizonDays = model.horizon
        outputTimesDays = model.outputTimes
        compartments = model.compartments.map { CompartmentEntry(name: $0.name, initial: $0.initial) }
        flows = model.flows.map { f in
            let to: String
            switch f.to {
            case .out: to = ReservedName.out.rawValue
            case .compartment(let j): to = names[j]
            }
            return FlowEntry(from: names[f.from], to: to, ratePerDay: f.rate,
                             halfLifeDays: f.rate > 0 ? 0.6931471805599453 / f.rate : nil,
                             startDays: f.window.start, endDays: f.window.end)
        }
        divisions = model.divisions.map { ProcessEntry(compartment: names[$0.compartment], ratePerDay: $0.rate, startDays: $0.window.start, endDays: $0.window.end) }
        inflows = model.inflows.map { ProcessEntry(compartment: names[$0.compartment], ratePerDay: $0.rate, startDays: $0.window.start, endDays: $0.window.end) }
        boluses = model.boluses.map { BolusEntry(compartment: names[$0.compartment], cells: $0.cells, atDays: $0.time) }
    }
}
