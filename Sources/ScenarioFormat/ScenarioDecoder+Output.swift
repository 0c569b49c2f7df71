/// The `output:` section: the regular grid and the explicit output times.
extension ScenarioDecoder {
    /// Keys of `output:`.
    static let outputKeys = ["every", "times"]
    /// Most output times one scenario may ask for.
    static let maximumOutputTimes = 1_000_000

    /// Decodes `output:` into sorted, distinct output times in days.
    ///
    /// The grid is `k·every` for `k = 0, 1, ...` while `k·every <= horizon`,
    /// computed as `Double(k) * every` (never accumulated) with a relative
    /// slack of 1e-12, a grid point within the slack of the horizon becoming
    /// the horizon itself.
    mutating func output(_ node: YAMLNode, path: NodePath) -> [Double]? {
        guard let fields = fields(node, path: path, expected: "the output times", keys: Self.outputKeys) else { return nil }
        let before = sink.count
        var times: [Double] = []
        let everyNode = fields["every"]
        let timesNode = fields["times"]
        if everyNode == nil, timesNode == nil {
            sink.report("give 'every' (e.g. 'every: 1 year') and/or 'times' (e.g. 'times: [0 days, 6 months]')", at: node.position, path: path)
        }
        if let everyNode, let every = time(everyNode, path: path.key("every"), requirement: .positive), let horizon {
            let count = (horizon / every * (1 + 1e-12)).rounded(.down) + 1
            if count > Double(Self.maximumOutputTimes) {
                sink.report("'every' gives \(count.formatted) output times over the horizon; at most \(Self.maximumOutputTimes) are allowed",
                            at: everyNode.position, path: path.key("every"))
            } else {
                times += grid(every: every, horizon: horizon)
            }
        }
        if let timesNode {
            times += explicitTimes(timesNode, path: path.key("times"))
        }
        guard sink.count == before else { return nil }
        return Array(Set(times)).sorted()
    }

    /// `0, every, 2·every, ...` up to the horizon (inclusive, with slack).
    func grid(every: Double, horizon: Double) -> [Double] {
        var result: [Double] = []
        var k = 0
        while true {
            let t = Self.snapped(Double(k) * every, toHorizon: horizon)
            if t > horizon { break }
            result.append(t)
            k += 1
        }
        return result
    }

    /// The list under `times:`, each in `[0, horizon]`.
    private mutating func explicitTimes(_ node: YAMLNode, path: NodePath) -> [Double] {
        guard let items = node.items else {
            sink.report("expected a list of times such as '[0 days, 6 months, 1 year]', got \(node.kindDescription)", at: node.position, path: path)
            return []
        }
        var result: [Double] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.index(index)
            guard let t = time(item, path: itemPath, requirement: .nonNegative) else { continue }
            guard let horizon else { continue }
            let snapped = Self.snapped(t, toHorizon: horizon)
            if snapped > horizon {
                sink.report("output time '\(item.scalarText ?? "")' (\(Self.days(t))) is outside the horizon (\(Self.days(horizon)))",
                            at: item.position, path: itemPath)
            } else {
                result.append(snapped)
            }
        }
        return result
    }
}

extension Double {
    /// The value as a whole number when it is one, for messages.
    fileprivate var formatted: String {
        self == rounded() && abs(self) < 1e15 ? "\(Int(self))" : "\(self)"
    }
}
