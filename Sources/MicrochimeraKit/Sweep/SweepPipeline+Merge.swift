import Reporting

/// `microchimera merge`: the shards of one sweep joined into its sweep.csv (and sweep-assay.csv).
extension SweepPipeline {
    /// Joins the shard folders `directories` into `out`: checks that `out`
    /// is none of them (nor inside one) and no other shard's folder, that they
    /// are shards of one sweep (same identity) and that together they hold
    /// every point exactly once with intact rows, else says which folder or
    /// point is wrong; then writes sweep.csv, sweep-assay.csv (when the
    /// points have assay rows) and sweep.json, the same bytes as the
    /// unsharded sweep. The shard folders are only read.
    public static func merge(_ directories: [String], out: String) throws(RunError) -> SweepOutcome {
        guard let first = directories.first else { throw .usage("merge needs at least one shard folder") }
        do { try OutputFolder.check(out) } catch { throw .output(error) }
        for dir in directories where OutputFolder.isSameOrInside(out, dir) {
            let parent = dir.split(separator: "/").dropLast().joined(separator: "/")
            throw .usage("merge --out \(out) is \(OutputFolder.isSameOrInside(dir, out) ? "" : "inside ")the shard folder \(dir), one of the "
                         + "inputs: merging there would overwrite its sweep.json so that the shard could no longer resume; "
                         + "give a new folder, e.g. --out \(parent.isEmpty ? "" : parent + "/")merged")
        }
        if let existing = try? SweepManifest.read(out + "/sweep.json"), let shard = existing.shard {
            throw .usage("merge --out \(out) holds shard \(shard) of a sweep: merging there would overwrite its sweep.json "
                         + "so that the shard could no longer resume; give a new folder")
        }
        var manifests: [SweepManifest] = []
        for dir in directories { manifests.append(try SweepManifest.read(dir + "/sweep.json")) }
        let reference = manifests[0]
        for (dir, m) in zip(directories, manifests) where m.identity != reference.identity {
            throw .usage("\(dir) is not a shard of the same sweep as \(first) (their sweep.json differ in identity: "
                         + "scenario, --vary, design, seed, replicates, method, --at, --set or version)")
        }
        var owner: [Int: (dir: String, rows: SweepStore.Rows)] = [:]
        for dir in directories {
            let store = SweepStore(directory: dir)
            let scan = store.scan()
            if let (path, bad) = scan.damaged.first {
                throw .usage("\(path): " + (bad.isEmpty ? "the file is cut short or malformed"
                                                       : "point\(bad.count == 1 ? "" : "s") \(bad.map(String.init).joined(separator: ", ")) "
                                                         + "fail the checksum of the saved rows (the file was changed or damaged)")
                             + "; run that shard's sweep command again to compute them again, then merge")
            }
            for k in scan.rows.keys.sorted() {
                guard k < reference.pointCount else {
                    throw .usage("\(dir) has point \(k), but the sweep has only \(reference.pointCount) points")
                }
                if let other = owner[k] {
                    throw .usage("point \(k) is in two folders: \(other.dir) and \(dir); give each shard once")
                }
                owner[k] = (dir, scan.rows[k]!)
            }
        }
        // A shard saved by a version before sweep-assay.csv has no assay sections; mixed with shards that have them, the
        // assay table would silently lack its points.
        if owner.values.contains(where: { $0.rows.assayLength != nil }),
           let (k, old) = owner.sorted(by: { $0.key < $1.key }).first(where: { $0.value.rows.assayLength == nil }) {
            throw .usage("\(old.dir) holds point \(k) saved without its assay rows (by an earlier version), while other points have "
                         + "theirs; run that shard's sweep command again (it computes such points again), then merge")
        }
        let missing = (0..<reference.pointCount).filter { owner[$0] == nil }
        if !missing.isEmpty {
            let shards = Set(manifests.compactMap(\.shard)).sorted().joined(separator: ", ")
            let list = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
            throw .usage("\(missing.count) of \(reference.pointCount) points are missing (\(list)); the folders hold shards "
                         + "\(shards.isEmpty ? "(none)" : shards): give every shard, and let each finish")
        }
        var manifest = reference
        manifest.shard = nil
        let axes = manifest.vary.map(\.path)
        let wroteAssays = try SweepStore(directory: out).assemble(header: header(axes), assayHeader: assayHeader(axes), manifest: manifest,
                                                                  rows: owner.mapValues(\.rows))
        var outcome = SweepOutcome(directory: out, manifest: manifest, computed: 0, share: manifest.pointCount, wroteCSV: true)
        outcome.wroteAssays = wroteAssays
        return outcome
    }
}
