import Foundation
import Testing

/// What a sweep's saved points and `merge` must never do: copy a damaged
/// point into sweep.csv, or write into one of merge's own inputs.
@Suite("sweep points and merge: integrity")
struct SweepIntegrityTests {
    static let common = ["--method", "moments"]

    /// The batch files of a sweep folder, sorted.
    static func batches(_ out: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out + "/points").filter { $0.hasSuffix(".rows") && !$0.hasPrefix(".") }.sorted()
    }

    /// Changes one digit of the first point's rows in `file`, keeping its length.
    static func corrupt(_ file: String) throws {
        var bytes = try #require(FileManager.default.contents(atPath: file)).map { $0 }
        let rows = try #require(bytes.firstIndex(of: UInt8(ascii: "\n"))) + 1
        let digit = try #require(bytes[rows...].firstIndex { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "8") })
        bytes[digit] += 1
        try Data(bytes).write(to: URL(fileURLWithPath: file))
    }

    @Test("a point whose saved rows were changed is computed again, never copied into sweep.csv; merge names it")
    func corruptedPoint() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(SweepTests.death, named: "death.yaml", in: dir)
        let out = dir.path + "/s"
        let first = try SweepTests.sweep(scenario, out, Self.common)
        #expect(first.status == 0, "\(first.stderr)")
        let original = try #require(SweepTests.bytes(out + "/sweep.csv"))
        let victim = out + "/points/" + (try Self.batches(out))[0]
        let header = String(decoding: try #require(FileManager.default.contents(atPath: victim)), as: UTF8.self).prefix { $0 != "\n" }
        #expect(header.split(separator: " ").count == 4 && header.split(separator: " ")[3].count == 64, "#point K BYTES SHA256: \(header)")
        try Self.corrupt(victim)
        let again = try SweepTests.sweep(scenario, out, Self.common)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("1 computed now, 7 already done"), "\(again.stdout)")
        #expect(again.stderr.contains("failed the checksum"), "the user is told: \(again.stderr)")
        #expect(SweepTests.bytes(out + "/sweep.csv") == original)

        for k in 1...2 {
            let r = try SweepTests.sweep(scenario, dir.path + "/p\(k)", Self.common + ["--shard", "\(k)/2"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let shardFile = dir.path + "/p2/points/" + (try Self.batches(dir.path + "/p2"))[0]
        try Self.corrupt(shardFile)
        let merged = try CLIHarness.run(["merge", dir.path + "/p1", dir.path + "/p2", "--out", dir.path + "/m"])
        #expect(merged.status == 64 && merged.stderr.contains("fail the checksum") && merged.stderr.contains(shardFile), "\(merged.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/m/sweep.csv"))
        let fixed = try SweepTests.sweep(scenario, dir.path + "/p2", Self.common + ["--shard", "2/2"])
        #expect(fixed.status == 0 && fixed.stdout.contains("1 computed now"), "\(fixed.stdout)\(fixed.stderr)")
        let remerged = try CLIHarness.run(["merge", dir.path + "/p1", dir.path + "/p2", "--out", dir.path + "/m"])
        #expect(remerged.status == 0, "\(remerged.stderr)")
        #expect(SweepTests.bytes(dir.path + "/m/sweep.csv") == original)
    }

    @Test("merge --out one of its inputs, inside one, or another shard's folder is refused; the shard can still resume")
    func mergeIntoInput() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(SweepTests.death, named: "death.yaml", in: dir)
        for k in 1...3 {
            let r = try SweepTests.sweep(scenario, dir.path + "/p\(k)", Self.common + ["--shard", "\(k)/3"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let manifest = SweepTests.bytes(dir.path + "/p1/sweep.json")
        let inputs = [dir.path + "/p1", dir.path + "/p2", dir.path + "/p3"]
        for out in [dir.path + "/p1", dir.path + "/p1/", dir.path + "/p2/../p1", dir.path + "/p1/merged"] {
            let r = try CLIHarness.run(["merge"] + inputs + ["--out", out])
            #expect(r.status == 64 && r.stderr.contains("the shard folder \(dir.path)/p1, one of the inputs"), "\(out): \(r.stderr)")
        }
        let other = try CLIHarness.run(["merge", dir.path + "/p1", dir.path + "/p2", "--out", dir.path + "/p3"])
        #expect(other.status == 64 && other.stderr.contains("holds shard 3/3"), "\(other.stderr)")
        #expect(SweepTests.bytes(dir.path + "/p1/sweep.json") == manifest)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/p1/sweep.csv"))
        let resumed = try SweepTests.sweep(scenario, dir.path + "/p1", Self.common + ["--shard", "1/3"])
        #expect(resumed.status == 0 && resumed.stdout.contains("0 computed now"), "\(resumed.stdout)\(resumed.stderr)")
    }
}
