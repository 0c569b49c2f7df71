import Foundation
import Reporting

/// `sweep.json`: everything that defines a sweep, so that a resumed run, a
/// shard and a merge can check they belong to the same one.
///
/// It holds no clock time, so an interrupted and resumed sweep, a merged
/// set of shards and an uninterrupted sweep write the same bytes. `identity`
/// is the SHA-256 of the defining fields (all but `identity` and `shard`).
public struct SweepManifest: Codable, Sendable, Equatable {
    public struct Scenario: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String
    }

    public struct Override: Codable, Sendable, Equatable {
        public var path: String
        public var value: String
    }

    public struct Vary: Codable, Sendable, Equatable {
        public var path: String
        public var spec: String
    }

    public var tool = "microchimera"
    public var version: String
    public var scenario: Scenario
    public var overrides: [Override]
    public var vary: [Vary]
    public var design: String
    public var seed: UInt64
    public var replicates: Int
    public var method: String
    /// `--at` times in days, or nil for the scenario's output times.
    public var atDays: [Double]?
    /// "mean,sd" when `--no-p-present` left p_present out; nil for every statistic.
    public var statistics: String?
    /// Morris's number of grid levels (`--design morris`); nil for the other designs.
    public var levels: Int? = nil
    /// `values[k][a]`: the text of axis `a` at point `k`.
    public var values: [[String]]
    public var identity = ""
    /// `K/N` for one shard's folder; nil for a whole or merged sweep.
    public var shard: String?

    public var pointCount: Int { values.count }

    /// Fills in `identity` from the defining fields.
    mutating func seal() {
        var copy = self
        copy.identity = ""
        copy.shard = nil
        identity = SHA256.hexDigest(Array(copy.jsonText().utf8))
    }

    /// Pretty-printed JSON with sorted snake_case keys and a final newline (`JSONText`).
    public func jsonText() -> String { JSONText.encode(self) }

    /// Reads `path`, or says why it cannot be used.
    static func read(_ path: String) throws(RunError) -> SweepManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("\(path) is missing: the folder is not a sweep (or a shard of one)")
        }
        do {
            return try JSONText.decode(SweepManifest.self, from: String(decoding: data, as: UTF8.self))
        } catch {
            throw .usage("\(path) is not a sweep manifest this version can read: \(error)")
        }
    }
}
