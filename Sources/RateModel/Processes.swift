/// Where a cell goes when it leaves a compartment.
public enum Destination: Sendable, Hashable, Codable {
    /// Into another compartment, by index into `NetworkModel.compartments`.
    case compartment(Int)
    /// Out of the system: death, clearance, excretion.
    case out
}

/// A per-cell first-order transfer or loss: each cell in `from` leaves at
/// `rate` per day (an exponential waiting time) while `window` is active.
public struct Flow: Sendable, Hashable, Codable {
    public var from: Int
    public var to: Destination
    /// Per-cell hazard, per day (`ln 2 / half-life`).
    public var rate: Double
    public var window: TimeWindow

    public init(from: Int, to: Destination, rate: Double, window: TimeWindow) {
        precondition(rate >= 0 && rate.isFinite, "flow rate must be finite and non-negative")
        self.from = from
        self.to = to
        self.rate = rate
        self.window = window
    }
}

/// Per-cell self-renewal: each cell in `compartment` divides into two at
/// `rate` per day while `window` is active (a linear birth process).
public struct Division: Sendable, Hashable, Codable {
    public var compartment: Int
    public var rate: Double
    public var window: TimeWindow

    public init(compartment: Int, rate: Double, window: TimeWindow) {
        precondition(rate >= 0 && rate.isFinite, "division rate must be finite and non-negative")
        self.compartment = compartment
        self.rate = rate
        self.window = window
    }
}

/// Cells arriving from outside the network as a Poisson process with
/// intensity `rate` cells per day while `window` is active.
public struct Inflow: Sendable, Hashable, Codable {
    public var compartment: Int
    /// Cells per day.
    public var rate: Double
    public var window: TimeWindow

    public init(compartment: Int, rate: Double, window: TimeWindow) {
        precondition(rate >= 0 && rate.isFinite, "inflow rate must be finite and non-negative")
        self.compartment = compartment
        self.rate = rate
        self.window = window
    }
}

/// A fixed number of cells added to a compartment at one instant. The state
/// at `time` already includes them (right-continuous paths).
public struct Bolus: Sendable, Hashable, Codable {
    public var compartment: Int
    public var cells: Int
    /// Day of the bolus.
    public var time: Double

    public init(compartment: Int, cells: Int, time: Double) {
        precondition(cells >= 0, "bolus cell count must be non-negative")
        self.compartment = compartment
        self.cells = cells
        self.time = time
    }
}
