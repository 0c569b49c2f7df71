import Foundation
import Reporting

/// A sweep's folder: `sweep.json`, the finished points in batch files under
/// `points/`, and at the end `sweep.csv`.
///
/// A batch file (`points/b00000042.rows`, named after its first point) holds
/// one or more finished points, each as a line `#point K BYTES` followed by
/// exactly BYTES bytes: point K's rows of sweep.csv without the header. A
/// worker writes its finished points at least every half second
/// (`SweepPipeline`), so a slow point gets a file of its own and thousands of
/// fast ones share a few, sparing the file system a file per point. Each file
/// is written whole to a temporary name and renamed, so a sweep killed at any
/// moment leaves only complete files; temporaries are removed when it starts
/// again. Batch files are not flushed one by one: after a power cut one may
/// be cut short, and a file whose byte counts do not match its length is
/// ignored, its points computed again. sweep.csv and sweep.json are flushed.
/// sweep.csv is the header followed by every point's rows in point order, so
/// it is the same bytes however the points were computed: in one run,
/// resumed, or in shards merged.
public struct SweepStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    var pointsDirectory: String { directory + "/points" }
    var manifestPath: String { directory + "/sweep.json" }

    /// `b` and the first point's index in 8 digits, `.rows`.
    static func fileName(firstPoint k: Int) -> String { "b" + eightDigits(k) + ".rows" }

    /// The folder of point k's run under `runs/` (`--keep-runs`): `p00000042`.
    static func runFolder(point k: Int) -> String { "p" + eightDigits(k) }

    private static func eightDigits(_ k: Int) -> String {
        let digits = String(k)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
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

    /// Where a finished point's rows are: `length` bytes of batch file `path` from `offset`.
    struct Rows: Equatable {
        let path: String
        let offset: Int
        let length: Int
    }

    /// The finished points, each with where its rows are (the complete batch
    /// files only). Complexity: reads the header line of every point; the
    /// files are mapped, so their rows are not read.
    func finishedRows() -> [Int: Rows] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pointsDirectory)) ?? []
        var rows: [Int: Rows] = [:]
        for name in names.sorted() where name.hasPrefix("b") && name.hasSuffix(".rows") {
            let path = pointsDirectory + "/" + name
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped),
                  let points = data.withUnsafeBytes({ Self.parse($0) }) else { continue }
            for (k, range) in points { rows[k] = Rows(path: path, offset: range.lowerBound, length: range.count) }
        }
        return rows
    }

    /// The points already finished.
    func finishedPoints() -> Set<Int> { Set(finishedRows().keys) }

    /// Records finished points, `(point, rows)` in order, as one batch file,
    /// atomically (not flushed; see the type).
    func record(_ points: [(point: Int, rows: [UInt8])]) throws(RunError) {
        guard let first = points.first else { return }
        var parts: [ArraySlice<UInt8>] = []
        for (k, rows) in points {
            parts.append(Array("#point \(k) \(rows.count)\n".utf8)[...])
            parts.append(rows[...])
        }
        var files = OutputSet(directory: pointsDirectory)
        files.add(Self.fileName(firstPoint: first.point), parts: parts)
        do { try files.commit(durable: false) } catch { throw .output(error) }
    }

    /// The points of one batch file, each with the byte range of its rows,
    /// or nil when the file is cut short or malformed. Reads only the header
    /// lines (`#point K BYTES`), skipping each point's rows by their count.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> [(Int, Range<Int>)]? {
        var points: [(Int, Range<Int>)] = []
        var i = 0
        while i < bytes.count {
            guard let newline = bytes[i...].prefix(64).firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            let fields = String(decoding: bytes[i..<newline], as: UTF8.self).split(separator: " ")
            guard fields.count == 3, fields[0] == "#point", let k = Int(fields[1]), let length = Int(fields[2]),
                  k >= 0, length > 0, length <= bytes.count - (newline + 1) else { return nil }
            points.append((k, (newline + 1)..<(newline + 1 + length)))
            i = newline + 1 + length
        }
        return points.isEmpty ? nil : points
    }

    /// Writes `sweep.csv` (header, then the points' rows in order, each from
    /// the store that has it) and `sweep.json` into this folder, atomically.
    func assemble(header: String, manifest: SweepManifest, sources: [SweepStore]) throws(RunError) {
        var rows: [Int: Rows] = [:]
        for store in sources { rows.merge(store.finishedRows()) { first, _ in first } }
        var parts: [OutputPart] = [.bytes(Array((header + "\n").utf8)[...])]
        for k in 0..<manifest.pointCount {
            guard let point = rows[k] else { throw .usage("point \(k) has no results") }
            parts.append(.fileRange(path: point.path, offset: point.offset, length: point.length))
        }
        var files = OutputSet(directory: directory)
        files.add("sweep.csv", parts: parts)
        files.add("sweep.json", contents: manifest.jsonText())
        do { try files.commit() } catch { throw .output(error) }
    }
}
