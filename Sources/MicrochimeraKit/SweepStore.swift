import Foundation
import Reporting

/// A sweep's folder: `sweep.json`, one file per finished point under
/// `points/`, and at the end `sweep.csv`.
///
/// A point's file (`points/p00000042.csv`, its rows of sweep.csv without the
/// header) is written whole to a temporary name, flushed and renamed, so a
/// sweep killed at any moment leaves only complete point files; temporaries
/// are removed when it starts again. sweep.csv is the header followed by the
/// point files in point order, so it is the same bytes however the points
/// were computed: in one run, resumed, or in shards merged.
public struct SweepStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    var pointsDirectory: String { directory + "/points" }
    var manifestPath: String { directory + "/sweep.json" }

    static func fileName(point k: Int) -> String {
        let digits = String(k)
        return "p" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".csv"
    }

    /// Creates the folder for `manifest`, or checks that the sweep already in
    /// it is the same one (same definition and shard), then removes stale temporaries.
    func open(_ manifest: SweepManifest) throws(RunError) {
        if FileManager.default.fileExists(atPath: manifestPath) {
            let existing = try SweepManifest.read(manifestPath)
            guard existing.identity == manifest.identity else {
                throw .usage("\(directory) holds a different sweep (sweep.json differs in its scenario, --vary, design, seed, "
                             + "replicates, method, --at, --set or version); use another --out, or delete the folder to start over")
            }
            guard existing.shard == manifest.shard else {
                throw .usage("\(directory) holds shard \(existing.shard ?? "none (the whole sweep)") of this sweep, not "
                             + "\(manifest.shard ?? "the whole sweep"); use another --out")
            }
        } else {
            var files = OutputSet(directory: directory)
            files.add("sweep.json", contents: manifest.jsonText())
            do { try files.commit() } catch { throw .output(error) }
        }
        do {
            try FileManager.default.createDirectory(atPath: pointsDirectory, withIntermediateDirectories: true)
        } catch {
            throw .output(.cannotCreateDirectory(path: pointsDirectory, reason: "\(error)"))
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: pointsDirectory)) ?? [] where name.hasPrefix(".") {
            try? FileManager.default.removeItem(atPath: pointsDirectory + "/" + name)
        }
    }

    /// The points whose file exists.
    func finishedPoints() -> Set<Int> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pointsDirectory)) ?? []
        return Set(names.compactMap { name in
            guard name.hasPrefix("p"), name.hasSuffix(".csv"), name.count == 13 else { return nil }
            return Int(name.dropFirst().dropLast(4))
        })
    }

    /// Records point `k`'s rows atomically.
    func record(point k: Int, rows: String) throws(RunError) {
        var files = OutputSet(directory: pointsDirectory)
        files.add(Self.fileName(point: k), contents: rows)
        do { try files.commit() } catch { throw .output(error) }
    }

    /// The rows of point `k`.
    func rows(point k: Int) throws(RunError) -> String {
        let path = pointsDirectory + "/" + Self.fileName(point: k)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("\(path) cannot be read")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `sweep.csv` (header, then the points' rows in order, each from
    /// the store that has it) and `sweep.json` into this folder, atomically.
    func assemble(header: String, manifest: SweepManifest, sources: [Int: SweepStore]) throws(RunError) {
        var text = header + "\n"
        for k in 0..<manifest.pointCount {
            guard let store = sources[k] else { throw .usage("point \(k) has no results") }
            text += try store.rows(point: k)
        }
        var files = OutputSet(directory: directory)
        files.add("sweep.csv", contents: text)
        files.add("sweep.json", contents: manifest.jsonText())
        do { try files.commit() } catch { throw .output(error) }
    }
}
