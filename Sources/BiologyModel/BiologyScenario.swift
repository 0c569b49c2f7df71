import RateModel

/// A scenario at the biology level: a family on a calendar, the cell types
/// that cross between its members, the events that add cells, and the assays
/// that look for them.
///
/// All times are in days from the start of the simulation (time 0) and all
/// rates per day, as in `NetworkModel`. `BiologyCompiler` turns a scenario into
/// a `NetworkModel` with one compartment per population (host, origin, cell
/// type, compartment) that can hold cells, and a `SeriesLayout` that reports
/// every population and the totals per host and origin.
public struct BiologyScenario: Sendable, Hashable {
    /// Human-readable name (the scenario's `name:`).
    public var name: String
    /// Free text describing the scenario, carried into `run.json`.
    public var description: String
    /// Length of the simulation, in days.
    public var horizon: Double
    /// Output times in days: sorted, distinct, inside `[0, horizon]`.
    public var outputTimes: [Double]
    /// Tissue compartments of every host, besides blood, in reporting order.
    public var tissues: [String]
    /// Cell types, in reporting order.
    public var cellTypes: [CellType]
    /// The first generation: the woman whose calendar the scenario follows.
    public var founder: Founder
    /// Pregnancies in any order; a pregnancy's mother is the founder or a
    /// live-born daughter.
    public var pregnancies: [Pregnancy]
    /// How cells cross the placenta.
    public var transfer: PlacentalTransfer
    /// Host-origin pairs whose clearance differs from the default (factor 1).
    public var immunity: [ImmuneFactor]
    /// Transfusions, transplants, breastfeeding and injuries.
    public var events: [FamilyEvent]
    /// Measurements of the cells, reported in `assay.csv`.
    public var assays: [Assay]
    /// Host cell counts and blood volume, used by assays.
    public var hostCells: HostCellCounts
    /// Maternal sensitisation: clearance and tissue death of a conceptus's
    /// cells in its mother are multiplied by this factor once per earlier
    /// pregnancy of hers that ended before its conception (1 = off; see
    /// `BiologyDefaults.sensitisation`).
    public var sensitisation: Double
    /// How a blood product's leukocytes are shared over the cell types.
    public var transfusionDefaults: TransfusionDefaults
    /// Between-women variation of the kinetics for a population prediction of
    /// this family (`population:`); `nil` for the family's own rates.
    public var population: PopulationSpec?

    public init(
        name: String, description: String = "", horizon: Double, outputTimes: [Double],
        tissues: [String] = BiologyDefaults.tissues, cellTypes: [CellType] = BiologyDefaults.cellTypes,
        founder: Founder = Founder(), pregnancies: [Pregnancy] = [],
        transfer: PlacentalTransfer = PlacentalTransfer(), immunity: [ImmuneFactor] = [],
        events: [FamilyEvent] = [], assays: [Assay] = [], hostCells: HostCellCounts = HostCellCounts(),
        sensitisation: Double = BiologyDefaults.sensitisation, transfusionDefaults: TransfusionDefaults = TransfusionDefaults(),
        population: PopulationSpec? = nil
    ) {
        self.name = name
        self.description = description
        self.horizon = horizon
        self.outputTimes = outputTimes
        self.tissues = tissues
        self.cellTypes = cellTypes
        self.founder = founder
        self.pregnancies = pregnancies
        self.transfer = transfer
        self.immunity = immunity
        self.events = events
        self.assays = assays
        self.hostCells = hostCells
        self.sensitisation = sensitisation
        self.transfusionDefaults = transfusionDefaults
        self.population = population
    }
}

/// The woman at the root of the family.
public struct Founder: Sendable, Hashable {
    /// Her name as a host and an origin (`mother` unless given).
    public var name: String
    /// Her age at time 0, in days (prevalence by age uses it).
    public var ageAtStart: Double
    /// Cells she carries at time 0 from people who are not simulated
    /// (her own mother: grandmaternal microchimerism, or earlier sources).
    public var carries: [CarriedCells]

    public init(name: String = "mother", ageAtStart: Double = 25 * Days.perYear, carries: [CarriedCells] = []) {
        self.name = name
        self.ageAtStart = ageAtStart
        self.carries = carries
    }
}

/// Cells of a non-simulated origin present in the founder at time 0.
public struct CarriedCells: Sendable, Hashable {
    /// Whose cells they are (e.g. `grandmother`).
    public var origin: String
    /// That person's sex (decides what a Y-chromosome assay sees).
    public var sex: Sex
    public var cellType: String
    /// `blood` or a tissue name.
    public var compartment: String
    public var cells: Int

    public init(origin: String, sex: Sex = .female, cellType: String, compartment: String, cells: Int) {
        self.origin = origin
        self.sex = sex
        self.cellType = cellType
        self.compartment = compartment
        self.cells = cells
    }
}

/// Biological sex of a person, as far as a Y-chromosome marker is concerned.
public enum Sex: String, Sendable, Hashable, CaseIterable {
    case female, male
}

/// A per-host, per-origin scaling of clearance (for example HLA
/// compatibility or tolerance): multiplies clearance from blood and death in
/// tissues of every cell type of `origin` inside `host`.
public struct ImmuneFactor: Sendable, Hashable {
    public var host: String
    public var origin: String
    /// Multiplier on clearance and death (1 = default; below 1 = tolerance).
    public var clearanceFactor: Double

    public init(host: String, origin: String, clearanceFactor: Double) {
        self.host = host
        self.origin = origin
        self.clearanceFactor = clearanceFactor
    }
}
