/// Something on the calendar that adds cells to a host or changes where they go.
public enum FamilyEvent: Sendable, Hashable {
    /// Donor cells given at one instant (a transfusion or a transplant).
    case transfusion(Transfusion)
    /// Maternal cells entering a nursing child's blood over a period.
    case breastfeeding(Breastfeeding)
    /// A tissue recruiting more cells for a while (the repair hypothesis).
    case injury(Injury)
}

/// A bolus of donor cells of given types into a host's blood or an organ.
public struct Transfusion: Sendable, Hashable {
    /// `transfusion` or `transplant` (only for the description).
    public var kind: String
    public var host: String
    /// The donor, as an origin; a new name unless it is a family member.
    public var donor: String
    public var donorSex: Sex
    public var time: Double
    /// `blood` or a tissue name.
    public var compartment: String
    /// Cells given, by cell type name (empty when `product` says what was given).
    public var cells: [String: Int]
    /// The blood product given, whose leukocytes are the donor cells
    /// (`TransfusionDefaults.split`); `nil` when `cells` counts them.
    public var product: BloodProduct?

    public init(kind: String = "transfusion", host: String, donor: String, donorSex: Sex, time: Double,
                compartment: String = "blood", cells: [String: Int] = [:], product: BloodProduct? = nil) {
        self.kind = kind
        self.host = host
        self.donor = donor
        self.donorSex = donorSex
        self.time = time
        self.compartment = compartment
        self.cells = cells
        self.product = product
    }

    /// The donor cells given, by cell type: the product's leukocytes split by
    /// `defaults`, or `cells`. O(number of cell types).
    public func cellsGiven(_ defaults: TransfusionDefaults) -> [String: Int] {
        product.map(defaults.split) ?? cells
    }
}

/// Maternal cells entering a child's blood while it is nursed: a Poisson
/// inflow of `rate·p_t` cells of type `t` per day over `[start, end)`.
public struct Breastfeeding: Sendable, Hashable {
    public var mother: String
    public var child: String
    public var start: Double
    public var end: Double
    /// Cells per day, split over types by their shares.
    public var rate: Double

    public init(mother: String = "mother", child: String, start: Double, end: Double, rate: Double) {
        self.mother = mother
        self.child = child
        self.start = start
        self.end = end
        self.rate = rate
    }
}

/// A tissue injury in one host: homing to `tissue`, of every origin and
/// cell type, is multiplied by `homingFactor` over `[start, start + duration)`.
public struct Injury: Sendable, Hashable {
    public var host: String
    public var tissue: String
    public var start: Double
    public var duration: Double
    public var homingFactor: Double

    public init(host: String = "mother", tissue: String, start: Double, duration: Double, homingFactor: Double) {
        self.host = host
        self.tissue = tissue
        self.start = start
        self.duration = duration
        self.homingFactor = homingFactor
    }

    public var end: Double { start + duration }
}
