/// The name of one independent random stream: a (seed, point, replicate,
/// substream) tuple.
///
/// A run's seed, the index of a parameter point in a sweep, and the index of a
/// replicate (trajectory) at that point together select one stream. The
/// substream (0 unless given) splits one replicate's stream by purpose: a
/// cohort's woman `k` is replicate `k`, and draws her history, her assay
/// samples and her trajectories from different substreams of it. Because
/// `Philox4x64` is counter-based, the stream is a pure function of this triple:
/// it does not depend on which thread, batch or shard draws it, nor on how many
/// other streams were used before. That is what makes "same seed, same bytes"
/// hold for any thread count or shard split.
///
/// See `Philox4x64.init(stream:)` for how the triple maps to key and counter.
public struct StreamID: Sendable, Hashable, CustomStringConvertible {
    /// The user's seed for the whole run.
    public let seed: UInt64
    /// The parameter point (e.g. index into a sweep).
    public let point: UInt64
    /// The replicate (trajectory) at that point.
    public let replicate: UInt64
    /// The purpose within the replicate (0 for an ordinary replicate's trajectory).
    public let substream: UInt64

    public init(seed: UInt64, point: UInt64, replicate: UInt64, substream: UInt64 = 0) {
        self.seed = seed
        self.point = point
        self.replicate = replicate
        self.substream = substream
    }

    public var description: String {
        substream == 0 ? "stream(seed: \(seed), point: \(point), replicate: \(replicate))"
            : "stream(seed: \(seed), point: \(point), replicate: \(replicate), substream: \(substream))"
    }
}
