import RateModel

/// A per-cell rate (or an inflow) as a step function of time: the sum of
/// every process of one kind on one route, each constant over its window.
///
/// Processes on the same route add up, as they do in `RateSet`, so the
/// schedule is exactly what the engines see. Only the pieces where the rate
/// is positive are kept; outside them the route is off.
struct RateSchedule: Sendable, Hashable {
    /// A piece `[start, end)` of constant, positive rate.
    struct Piece: Sendable, Hashable {
        let start: Double
        let end: Double
        let rate: Double
    }

    /// Positive pieces in time order; adjacent pieces with equal rates merged.
    let pieces: [Piece]

    /// Sums `entries` into pieces. Complexity: O(B·E) for B breakpoints and E entries.
    init(_ entries: [(rate: Double, window: TimeWindow)]) {
        let cuts = Set(entries.flatMap { [$0.window.start, $0.window.end] }).sorted()
        var pieces: [Piece] = []
        for (a, b) in zip(cuts, cuts.dropFirst()) {
            let rate = entries.reduce(0.0) { $1.window.contains(a) ? $0 + $1.rate : $0 }
            guard rate > 0 else { continue }
            if let last = pieces.last, last.end == a, last.rate == rate {
                pieces[pieces.count - 1] = Piece(start: last.start, end: b, rate: rate)
            } else {
                pieces.append(Piece(start: a, end: b, rate: rate))
            }
        }
        self.pieces = pieces
    }

    /// Whether the rate is one constant over the whole of `[0, horizon)`.
    func isConstant(horizon: Double) -> Bool {
        pieces.count == 1 && pieces[0].start <= 0 && pieces[0].end >= horizon
    }

    /// Whether the rate is positive at some time.
    var isEmpty: Bool { pieces.isEmpty }

    /// The smallest and largest positive rate.
    var range: (min: Double, max: Double) {
        (pieces.map(\.rate).min() ?? 0, pieces.map(\.rate).max() ?? 0)
    }

    /// `∫ rate dt` over the pieces: the expected number of cells of an inflow.
    var integral: Double { pieces.reduce(0) { $0 + $1.rate * ($1.end - $1.start) } }
}
