import Foundation
import Reporting
#if canImport(Glibc)
import Glibc
#endif

/// A sweep's folder: `sweep.json`, the finished points in batch files under
/// `points/`, and at the end `sweep.csv` (and `sweep-assay.csv` when the
/// scenario has assays).
///
/// A batch file (`points/b00000042.rows`, named after its first point) holds
/// one or more finished points, each as a line `#point K BYTES SHA256`
/// followed by exactly BYTES bytes: point K's rows of sweep.csv without the
/// header, whose SHA-256 (hex) the line carries. When the sweep's scenario
/// has assays the line is `#point K BYTES SHA256 ASSAYBYTES`: the last
/// ASSAYBYTES of the BYTES (possibly 0) are the point's rows of
/// sweep-assay.csv, and the checksum covers both. A
/// worker writes its finished points at least every half second
/// (`SweepPipeline`), so a slow point gets a file of its own and thousands of
/// fast ones share a few, sparing the file system a file per point. Each file
/// is written whole to a temporary name and renamed, so a sweep killed at any
/// moment leaves only complete files; temporaries are removed when it starts
/// again. Batch files are not flushed one by one: after a power cut one may
/// be cut short, and a file whose byte counts do not match its length is
/// ignored, its points computed again. A point whose rows do not match their
/// checksum (a file changed or damaged on disk) is never copied into
/// sweep.csv: a resumed sweep computes it again (`repair`), `merge` names it.
/// sweep.csv and sweep.json are flushed.
/// sweep.csv (sweep-assay.csv) is the header followed by every point's rows
/// in point order, so it is the same bytes however the points were computed:
/// in one run, resumed, or in shards merged.
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
    /// it is the same one (same definition and shard), then removes stale
    /// temporaries and damaged points (`repair`). With `assays` (the
    /// scenario has assays), a point saved without an assay section (by a
    /// version before sweep-assay.csv) counts as damaged too, so that no
    /// point lacks its assay rows. Returns what `repair` says and where the
    /// intact finished points are. Complexity: hashes every saved point once.
    func open(_ manifest: SweepManifest, assays: Bool = false) throws(RunError) -> (notes: [String], rows: [Int: Rows]) {
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
        let found = scan()
        let legacy = assays ? found.withoutAssays : []
        guard !found.damaged.isEmpty || !legacy.isEmpty else { return ([], found.rows) }
        var notes = try repair(found.damaged)
        notes += try repair(legacy, keepWithoutAssays: false)
        return (notes, scan(verify: false).rows) // what repair kept was just verified
    }

    /// Where a finished point's rows are: `length` bytes of batch file `path` from `offset`.
    /// `assayLength`: how many of the last of those bytes are its rows of
    /// sweep-assay.csv; nil when the point line has no assay section.
    struct Rows: Equatable {
        let path: String
        let offset: Int
        let length: Int
        var assayLength: Int? = nil

        /// The point's rows of sweep.csv.
        var sweepPart: OutputPart { .fileRange(path: path, offset: offset, length: length - (assayLength ?? 0)) }
        /// The point's rows of sweep-assay.csv, if it has any.
        var assayPart: OutputPart? {
            guard let n = assayLength, n > 0 else { return nil }
            return .fileRange(path: path, offset: offset + length - n, length: n)
        }
    }

    /// What the batch files hold: where each good point's rows are, and the
    /// files with damaged contents.
    struct Scan {
        var rows: [Int: Rows] = [:]
        /// A batch file cut short or malformed (`points` empty), or the points
        /// of it whose rows fail their checksum.
        var damaged: [(path: String, points: [Int])] = []
        /// Intact points saved without an assay section, by file.
        var withoutAssays: [(path: String, points: [Int])] = []
    }

    /// Reads every batch file's point lines and, if `verify`, checks every
    /// point's rows against its checksum. Complexity: with `verify`, reads
    /// (hashes) every byte of the files, which are mapped; without, only
    /// the point lines (for files verified when the sweep opened, or written
    /// by this run since).
    func scan(verify: Bool = true) -> Scan {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pointsDirectory)) ?? []
        var scan = Scan()
        for name in names.sorted() where name.hasPrefix("b") && name.hasSuffix(".rows") {
            let path = pointsDirectory + "/" + name
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { continue }
            guard let points = data.withUnsafeBytes({ Self.parse($0, verify: verify) }) else {
                scan.damaged.append((path, []))
                continue
            }
            for p in points where p.intact {
                scan.rows[p.point] = Rows(path: path, offset: p.range.lowerBound, length: p.range.count, assayLength: p.assayLength)
            }
            let bad = points.filter { !$0.intact }.map(\.point)
            if !bad.isEmpty { scan.damaged.append((path, bad)) }
            let plain = points.filter { $0.intact && $0.assayLength == nil }.map(\.point)
            if !plain.isEmpty { scan.withoutAssays.append((path, plain)) }
        }
        return scan
    }

    /// Removes damaged points so that they are computed again: a batch file
    /// cut short or malformed is removed, one with points that fail their
    /// checksum is rewritten (atomically) with its intact points only.
    /// Without `keepWithoutAssays`, `damaged` lists points saved without an
    /// assay section, which are removed the same way.
    /// Returns one line per file repaired, for the user.
    func repair(_ damaged: [(path: String, points: [Int])], keepWithoutAssays: Bool = true) throws(RunError) -> [String] {
        var notes: [String] = []
        for (path, bad) in damaged {
            let name = String(path.split(separator: "/").last ?? "")
            guard !bad.isEmpty, let data = try? Data(contentsOf: URL(fileURLWithPath: path)),
                  let points = data.withUnsafeBytes({ Self.parse($0) }) else {
                unlink(path)
                notes.append("\(path) was cut short or malformed; its points are computed again")
                continue
            }
            let keep = points.filter { $0.intact && (keepWithoutAssays || $0.assayLength != nil) }
            if keep.isEmpty {
                unlink(path)
            } else {
                var parts: [OutputPart] = []
                for (k, range, _, assayLength) in keep {
                    let rows = data[range]
                    parts.append(.bytes(Array(Self.pointLine(k, rows: Array(rows), assayLength: assayLength).utf8)[...]))
                    parts.append(.bytes(Array(rows)[...]))
                }
                var files = OutputSet(directory: pointsDirectory)
                files.removesStaleTemporaries = false
                files.add(name, parts: parts)
                do { try files.commit() } catch { throw .output(error) }
            }
            let list = "point\(bad.count == 1 ? "" : "s") \(bad.map(String.init).joined(separator: ", "))"
            notes.append(keepWithoutAssays
                ? "\(path): \(list) failed the checksum of the saved rows (the file was changed or damaged); computed again"
                : "\(path): \(list) \(bad.count == 1 ? "was" : "were") saved without \(bad.count == 1 ? "its" : "their") assay rows "
                    + "(by an earlier version); computed again")
        }
        return notes
    }

    /// The line before a point's rows: `#point K BYTES SHA256`, and
    /// ` ASSAYBYTES` when the rows end with an assay section of that length.
    static func pointLine(_ k: Int, rows: [UInt8], assayLength: Int? = nil) -> String {
        "#point \(k) \(rows.count) \(SHA256.hexDigest(rows))" + (assayLength.map { " \($0)" } ?? "") + "\n"
    }

    /// One finished point: its rows of sweep.csv and, when the scenario has
    /// assays, of sweep-assay.csv (possibly none), as saved in a batch file.
    struct Finished: Sendable {
        let point: Int
        let rows: [UInt8]
        let assayRows: [UInt8]?
    }

    /// Records finished points, in order, as one batch file, atomically (not
    /// flushed; see the type).
    func record(_ points: [Finished]) throws(RunError) {
        guard let first = points.first else { return }
        var parts: [ArraySlice<UInt8>] = []
        for p in points {
            let bytes = p.rows + (p.assayRows ?? [])
            parts.append(Array(Self.pointLine(p.point, rows: bytes, assayLength: p.assayRows?.count).utf8)[...])
            parts.append(bytes[...])
        }
        var files = OutputSet(directory: pointsDirectory)
        files.removesStaleTemporaries = false
        files.add(freeName(firstPoint: first.point), parts: parts)
        do { try files.commit(durable: false) } catch { throw .output(error) }
    }

    /// `fileName(firstPoint:)`, or when a file of that name is already there
    /// (one `repair` kept the other points of) `b00000042-2.rows`, `-3`, ...:
    /// a batch file never replaces another. Each worker's batches start at
    /// points of its own, so two workers never choose the same name.
    func freeName(firstPoint k: Int) -> String {
        let base = Self.fileName(firstPoint: k)
        var name = base
        var n = 1
        while FileManager.default.fileExists(atPath: pointsDirectory + "/" + name) {
            n += 1
            name = String(base.dropLast(".rows".count)) + "-\(n).rows"
        }
        return name
    }

    /// The points of one batch file, each with the byte range of its rows and
    /// whether they match their checksum, or nil when the file is cut short or
    /// malformed. A point line without a checksum (`#point K BYTES`, as an
    /// earlier version wrote) counts as not intact; without `verify` the
    /// checksums are not computed (every point with one counts as intact).
    /// `assayLength` is the line's ASSAYBYTES, nil when it has none.
    static func parse(_ bytes: UnsafeRawBufferPointer, verify: Bool = true)
        -> [(point: Int, range: Range<Int>, intact: Bool, assayLength: Int?)]? {
        var points: [(point: Int, range: Range<Int>, intact: Bool, assayLength: Int?)] = []
        var i = 0
        while i < bytes.count {
            guard let newline = bytes[i...].prefix(128).firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            let fields = String(decoding: bytes[i..<newline], as: UTF8.self).split(separator: " ")
            guard (3...5).contains(fields.count), fields[0] == "#point", let k = Int(fields[1]), let length = Int(fields[2]),
                  k >= 0, length > 0, length <= bytes.count - (newline + 1) else { return nil }
            let assayLength = fields.count == 5 ? Int(fields[4]) : nil
            if fields.count == 5 { guard let n = assayLength, n >= 0, n <= length else { return nil } }
            let range = (newline + 1)..<(newline + 1 + length)
            let intact = fields.count >= 4 && (!verify || SHA256.hexDigest(Array(bytes[range])) == fields[3])
            points.append((k, range, intact, assayLength))
            i = range.upperBound
        }
        return points.isEmpty ? nil : points
    }

    /// Writes `sweep.csv` (header, then the points' rows in order, from
    /// `rows`: where each point's rows are, in this store or others),
    /// `sweep-assay.csv` (`assayHeader`, then the points' assay rows in
    /// order) when some point has assay rows, and `sweep.json` into this
    /// folder, atomically. Returns whether sweep-assay.csv was written.
    @discardableResult
    func assemble(header: String, assayHeader: String, manifest: SweepManifest, rows: [Int: Rows]) throws(RunError) -> Bool {
        var parts: [OutputPart] = [.bytes(Array((header + "\n").utf8)[...])]
        var assayParts: [OutputPart] = [.bytes(Array((assayHeader + "\n").utf8)[...])]
        for k in 0..<manifest.pointCount {
            guard let point = rows[k] else { throw .usage("point \(k) has no results") }
            parts.append(point.sweepPart)
            if let assay = point.assayPart { assayParts.append(assay) }
        }
        var files = OutputSet(directory: directory)
        files.add("sweep.csv", parts: parts)
        let assays = assayParts.count > 1
        if assays { files.add(Self.assayFile, parts: assayParts) }
        files.add("sweep.json", contents: manifest.jsonText())
        do { try files.commit() } catch { throw .output(error) }
        return assays
    }

    /// The name of the assay table: `sweep-assay.csv`.
    public static let assayFile = "sweep-assay.csv"
}
