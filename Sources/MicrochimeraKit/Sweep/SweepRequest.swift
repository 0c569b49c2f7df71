/// What `microchimera sweep` was asked to do.
public struct SweepRequest: Sendable {
    public var scenarioPath: String
    public var axes: [SweepAxis]
    public var design: SweepDesign
    /// N for `lhs` and `random`, base points for `sobol`, trajectories for
    /// `morris`; must match the grid when given for `grid`.
    public var points: Int?
    /// Morris's number of grid levels (nil: 4); only for `morris`.
    public var levels: Int?
    /// Report only these times (days), instead of the scenario's output times.
    public var at: [Double]?
    public var outDirectory: String
    /// `(k, n)`: compute only the points `p` with `p mod n = k − 1`.
    public var shard: (k: Int, n: Int)?
    /// Also write each point's run folder (as `run` does) under `runs/`.
    public var keepRuns: Bool
    /// Seed (of the streams and of the design), replicates per point, method,
    /// threads, the base `--set` values, presence (`--no-p-present` turns it
    /// off) and progress, called with (points finished, points of this run).
    public var options: SimulationOptions

    public init(scenarioPath: String, axes: [SweepAxis], design: SweepDesign = .grid, points: Int? = nil, levels: Int? = nil,
                at: [Double]? = nil, outDirectory: String, shard: (k: Int, n: Int)? = nil, keepRuns: Bool = false,
                options: SimulationOptions) {
        self.scenarioPath = scenarioPath
        self.axes = axes
        self.design = design
        self.points = points
        self.levels = levels
        self.at = at
        self.outDirectory = outDirectory
        self.shard = shard
        self.keepRuns = keepRuns
        self.options = options
    }
}
