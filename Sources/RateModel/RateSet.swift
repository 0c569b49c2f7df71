/// The per-cell and inflow rates in force during one epoch (constant in time).
///
/// For `n` compartments, with `X` the vector of counts:
/// - `transfer[i * n + j]`: per-cell rate of moving `i → j` (`i ≠ j`; the diagonal is 0);
/// - `loss[i]`: per-cell rate of leaving the system from `i`;
/// - `division[i]`: per-cell rate of dividing in `i`;
/// - `inflow[i]`: cells per day arriving into `i`.
///
/// Entries for the same pair add up, as the scenario format promises.
public struct RateSet: Sendable, Hashable {
    public let count: Int
    public private(set) var transfer: [Double]
    public private(set) var loss: [Double]
    public private(set) var division: [Double]
    public private(set) var inflow: [Double]

    /// All rates zero.
    public init(count: Int) {
        self.count = count
        transfer = Array(repeating: 0, count: count * count)
        loss = Array(repeating: 0, count: count)
        division = Array(repeating: 0, count: count)
        inflow = Array(repeating: 0, count: count)
    }

    /// The rates of `model` active at time `t` (each process's window contains `t`).
    ///
    /// Complexity: O(number of processes + n²).
    public init(model: NetworkModel, at t: Double) {
        self.init(count: model.count)
        for f in model.flows where f.window.contains(t) {
            switch f.to {
            case .out: loss[f.from] += f.rate
            case .compartment(let j) where j == f.from: continue // a self-loop changes nothing
            case .compartment(let j): transfer[f.from * count + j] += f.rate
            }
        }
        for d in model.divisions where d.window.contains(t) { division[d.compartment] += d.rate }
        for u in model.inflows where u.window.contains(t) { inflow[u.compartment] += u.rate }
    }

    /// Per-cell rate of moving from `i` to `j`.
    @inlinable public func transfer(from i: Int, to j: Int) -> Double { transfer[i * count + j] }

    /// Total per-cell hazard of leaving `i` by any route (transfer or loss), excluding division.
    public func exitRate(_ i: Int) -> Double {
        var s = loss[i]
        for j in 0..<count { s += transfer[i * count + j] }
        return s
    }

    /// Hashes the count, the O(n) rates and the sum of the transfers, not
    /// each of the n² transfers: equal rate sets sum their transfers to
    /// equal values (±0 hash alike), and `==` still compares every entry.
    /// The fast engines of a cohort look up every epoch of every woman
    /// (36 compartments: 1,296 transfers), where hashing each entry was 2.8%
    /// of a woman's instructions. Complexity O(n²) additions, O(n) hashed values.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        hasher.combine(loss)
        hasher.combine(division)
        hasher.combine(inflow)
        var total = 0.0
        for rate in transfer { total += rate }
        hasher.combine(total)
    }

    /// Whether any inflow is positive.
    public var hasInflow: Bool { inflow.contains { $0 > 0 } }

    /// The rates among `members` (distinct compartment indices), renumbered in
    /// that order. Transfers from a member to a compartment outside are dropped:
    /// callers restrict to a set no cell leaves except by `loss` (a part of the
    /// network), where there are none.
    ///
    /// Complexity: O(m²) for m members.
    public func restricted(to members: [Int]) -> RateSet {
        var part = RateSet(count: members.count)
        for (a, i) in members.enumerated() {
            part.loss[a] = loss[i]
            part.division[a] = division[i]
            part.inflow[a] = inflow[i]
            for (b, j) in members.enumerated() { part.transfer[a * members.count + b] = transfer[i * count + j] }
        }
        return part
    }
}
