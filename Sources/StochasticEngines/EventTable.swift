import RateModel

/// The per-cell events of one epoch laid out for the cell-by-cell step.
///
/// For compartment `i` the events occupy `offsets[i]..<offsets[i+1]` of
/// `targets` (`j ≥ 0`: move to compartment j; `EventTable.loss`: leave the
/// system; `EventTable.division`: divide), `shares` (each event's probability
/// given that a cell of i has an event, `rate / perCell[i]`) and
/// `shareCumulative` (their running sums, so that one uniform picks the
/// event). Inflows are listed by destination with their rates.
struct EventTable: Sendable {
    static let loss = -1
    static let division = -2

    let count: Int
    /// Total per-cell hazard of compartment i (transfers, loss and division).
    let perCell: [Double]
    /// `1/perCell[i]`, the mean wait of a cell of i (+∞ where nothing happens to it).
    let meanWait: [Double]
    let offsets: [Int]
    let targets: [Int]
    /// `rate_e / perCell[i]` for each event e of compartment i.
    let shares: [Double]
    /// Running sums of `shares` within each compartment (the last is 1 up to rounding).
    let shareCumulative: [Double]
    /// Compartments with an inflow, and their rates (cells per day).
    let inflowTargets: [Int]
    let inflowRates: [Double]

    init(_ rates: RateSet) {
        let n = rates.count
        count = n
        var perCell = [Double](repeating: 0, count: n)
        var offsets = [0]
        var eventRates: [Double] = []
        var targets: [Int] = []
        for i in 0..<n {
            for j in 0..<n where j != i && rates.transfer(from: i, to: j) > 0 {
                eventRates.append(rates.transfer(from: i, to: j))
                targets.append(j)
            }
            if rates.loss[i] > 0 { eventRates.append(rates.loss[i]); targets.append(Self.loss) }
            if rates.division[i] > 0 { eventRates.append(rates.division[i]); targets.append(Self.division) }
            perCell[i] = eventRates[offsets[i]...].reduce(0, +)
            offsets.append(eventRates.count)
        }
        var shares = [Double](repeating: 0, count: eventRates.count)
        var shareCumulative = shares
        for i in 0..<n {
            var running = 0.0
            for e in offsets[i]..<offsets[i + 1] {
                running += eventRates[e]
                shares[e] = eventRates[e] / perCell[i]
                shareCumulative[e] = running / perCell[i]
            }
        }
        self.perCell = perCell
        meanWait = perCell.map { $0 > 0 ? 1 / $0 : .infinity }
        self.offsets = offsets
        self.targets = targets
        self.shares = shares
        self.shareCumulative = shareCumulative
        inflowTargets = (0..<n).filter { rates.inflow[$0] > 0 }
        inflowRates = inflowTargets.map { rates.inflow[$0] }
    }
}
