import RateModel

/// The reactions of one epoch laid out for fast event selection.
///
/// For compartment `i` the per-cell events occupy `offsets[i]..<offsets[i+1]`
/// of `cumulative` (running sums of per-cell rates) and `targets`
/// (`j ≥ 0`: move to compartment j; `EventTable.loss`: leave the system;
/// `EventTable.division`: divide). `shares` holds each event's probability
/// given that a cell of i has an event (`rate / perCell[i]`) and
/// `shareCumulative` their running sums, so that one uniform picks the event.
/// Inflows are a separate cumulative table over destination compartments.
struct EventTable: Sendable {
    static let loss = -1
    static let division = -2

    let count: Int
    /// Total per-cell hazard of compartment i (transfers, loss and division).
    let perCell: [Double]
    /// `1/perCell[i]`, the mean wait of a cell of i (+∞ where nothing happens to it).
    let meanWait: [Double]
    let offsets: [Int]
    let cumulative: [Double]
    let targets: [Int]
    /// `rate_e / perCell[i]` for each event e of compartment i.
    let shares: [Double]
    /// Running sums of `shares` within each compartment (the last is 1 up to rounding).
    let shareCumulative: [Double]
    /// Running sums of inflow rates over `inflowTargets`.
    let inflowCumulative: [Double]
    let inflowTargets: [Int]
    let inflowTotal: Double
    /// Inflow rates (cells per day) over `inflowTargets`.
    let inflowRates: [Double]

    init(_ rates: RateSet) {
        let n = rates.count
        count = n
        var perCell = [Double](repeating: 0, count: n)
        var offsets = [0]
        var cumulative: [Double] = []
        var targets: [Int] = []
        for i in 0..<n {
            var running = 0.0
            for j in 0..<n where j != i && rates.transfer(from: i, to: j) > 0 {
                running += rates.transfer(from: i, to: j)
                cumulative.append(running)
                targets.append(j)
            }
            if rates.loss[i] > 0 { running += rates.loss[i]; cumulative.append(running); targets.append(Self.loss) }
            if rates.division[i] > 0 { running += rates.division[i]; cumulative.append(running); targets.append(Self.division) }
            perCell[i] = running
            offsets.append(cumulative.count)
        }
        var inflowCumulative: [Double] = []
        var inflowTargets: [Int] = []
        var total = 0.0
        var inflowRates: [Double] = []
        for i in 0..<n where rates.inflow[i] > 0 {
            inflowRates.append(rates.inflow[i])
            total += rates.inflow[i]
            inflowCumulative.append(total)
            inflowTargets.append(i)
        }
        self.perCell = perCell
        meanWait = perCell.map { $0 > 0 ? 1 / $0 : .infinity }
        self.offsets = offsets
        self.cumulative = cumulative
        var shares = [Double](repeating: 0, count: cumulative.count)
        var shareCumulative = shares
        for i in 0..<n {
            var previous = 0.0
            for e in offsets[i]..<offsets[i + 1] {
                shares[e] = (cumulative[e] - previous) / perCell[i]
                shareCumulative[e] = cumulative[e] / perCell[i]
                previous = cumulative[e]
            }
        }
        self.shares = shares
        self.shareCumulative = shareCumulative
        self.targets = targets
        self.inflowCumulative = inflowCumulative
        self.inflowTargets = inflowTargets
        inflowTotal = total
        self.inflowRates = inflowRates
    }
}
