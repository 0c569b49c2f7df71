import Foundation
import Reporting

/// Values of a sweep's quantity columns, one per point, at one series and time.
///
/// sweep.csv has one row per point, output time and series (`host`,
/// `origin`, `cell_type`, `compartment`); sweep-assay.csv one per point,
/// assay and sampling time, its series being the assay's name. A quantity is
/// one numeric column of either file at one series and one time, so it has
/// one value per point; the quantities of one reading all come from one file.
struct SweepQuantities {
    /// The statistics columns of sweep.csv a quantity can be.
    static let columns = ["mean", "sd", "q05", "q25", "q50", "q75", "q95", "p_present"]
    /// The numeric columns of sweep-assay.csv a quantity can be.
    static let assayColumns = ["p_detect", "mean_geq_per_1e5", "sampled_fraction", "host_cells_analysed", "limit_of_detection"]

    /// The file a reading comes from, and how its series are named.
    struct Table {
        let file: String
        /// The columns whose values, joined by `/`, name a series.
        let keys: [String]
        /// How `--series` is written for this file.
        let form: String
        /// What a series is called in messages.
        let noun: String

        static let series = Table(file: "sweep.csv", keys: ["host", "origin", "cell_type", "compartment"],
                                  form: "HOST/ORIGIN/CELL_TYPE/COMPARTMENT", noun: "series")
        static let assay = Table(file: SweepStore.assayFile, keys: ["assay"], form: "ASSAY", noun: "assays")
    }

    /// `HOST/ORIGIN/CELL_TYPE/COMPARTMENT` (or the assay's name) of the rows used.
    let series: String
    /// Their time in days.
    let time: Double
    /// `values[q][k]`: quantity q at point k.
    let values: [[Double]]
    /// The file read.
    let table: Table

    /// Reads the quantities from the sweep in `directory` (`pointCount`
    /// points): from sweep.csv when they are statistics columns, from
    /// sweep-assay.csv when they are assay columns (`series` then names an
    /// assay), or says what is wrong: an unknown column (listing them), a mix
    /// of the two files, or no sweep-assay.csv.
    init(directory: String, quantities: [String], series wanted: String?, at: Double?, pointCount: Int) throws(RunError) {
        let all = Self.columns + Self.assayColumns
        for q in quantities where !all.contains(q) {
            throw .usage("--quantity \(q) is not a statistics column of sweep.csv; choose one of \(Self.columns.joined(separator: ", ")), "
                         + "or a column of \(SweepStore.assayFile) (the scenario's assays): \(Self.assayColumns.joined(separator: ", "))")
        }
        let ofAssays = quantities.filter(Self.assayColumns.contains)
        if let a = ofAssays.first, let s = quantities.first(where: Self.columns.contains) {
            throw .usage("--quantity \(a) is a column of \(SweepStore.assayFile), whose series are the assays, but --quantity \(s) is one of "
                         + "sweep.csv, whose series are populations: analyse them in two calls (with their own --series and --out)")
        }
        let path = directory + "/" + (ofAssays.isEmpty ? "sweep.csv" : SweepStore.assayFile)
        if !ofAssays.isEmpty && !FileManager.default.fileExists(atPath: path) {
            throw .usage("--quantity \(ofAssays[0]) is a column of \(SweepStore.assayFile), but \(directory) has none: the sweep's scenario has "
                         + "no assays, or none samples at an output time of the sweep (--at); add an assay (assays: in the scenario, "
                         + "docs/scenario-format.md) whose times are among the --at times, and sweep again")
        }
        try self.init(path: path, table: ofAssays.isEmpty ? .series : .assay, quantities: quantities, series: wanted, at: at,
                      pointCount: pointCount)
    }

    /// Reads `path` (a `table` file of `pointCount` points) and picks the rows
    /// of `series` at time `at` (each may be nil when the file has only one),
    /// or says what is wrong: a series or time that is not there or not
    /// given (listing them; for assays with their times), points without
    /// such a row, or an empty or non-finite value. Complexity: one pass over the file.
    init(path: String, table: Table = .series, quantities: [String], series wanted: String?, at: Double?, pointCount: Int) throws(RunError) {
        // Lines are decoded one at a time, so a sweep.csv of gigabytes is held once, as bytes.
        guard let bytes = FileManager.default.contents(atPath: path).map([UInt8].init) else { throw .usage("\(path) cannot be read") }
        var offset = 0
        func nextLine() -> Substring? {
            while offset < bytes.count {
                let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                defer { offset = end + 1 }
                if end > offset { return Substring(String(decoding: bytes[offset..<end], as: UTF8.self)) }
            }
            return nil
        }
        guard let headerLine = nextLine() else { throw .usage("\(path) is empty") }
        let header = Self.fields(headerLine)
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[String(name)] == nil { index[String(name)] = i }
        let needed = ["point", "time_days"] + table.keys + quantities
        let missing = needed.filter { index[$0] == nil }
        guard missing.isEmpty else { throw .usage("\(path) has no column \(missing.joined(separator: ", ")): it is not a \(table.file)") }
        let (pointColumn, timeColumn) = (index["point"]!, index["time_days"]!)
        let keyColumns = table.keys.map { index[$0]! }
        let quantityColumns = quantities.map { index[$0]! }
        // A series given with fewer than four fields names the last ones (`marrow` is `///marrow`, a network-level series).
        let given = wanted
        let wanted = table.keys.count == 1 ? wanted
            : wanted.map { w in String(repeating: "/", count: max(0, table.keys.count - 1 - w.filter { $0 == "/" }.count)) + w }
        var seenSeries: [String] = [], timesOf: [String: Set<Double>] = [:]
        var seriesTimes: [Double] = [], seriesTimesSet = Set<Double>()
        var rows = [[Substring]?](repeating: nil, count: pointCount)
        var chosenSeries: String?, chosenTime: Double?
        var lineNumber = 1
        while let line = nextLine() {
            lineNumber += 1
            let f = Self.fields(line)
            guard f.count == header.count, let k = Int(f[pointColumn]), k >= 0, k < pointCount, let t = Double(f[timeColumn]) else {
                throw .usage("\(path):\(lineNumber): not a row of this sweep (\(f.count) fields of \(header.count), or a bad point or time)")
            }
            let s = keyColumns.map { String(f[$0]) }.joined(separator: "/")
            if timesOf[s] == nil { seenSeries.append(s) }
            timesOf[s, default: []].insert(t)
            guard wanted.map({ $0 == s }) ?? ((chosenSeries ?? s) == s) else { continue }
            chosenSeries = s
            if seriesTimesSet.insert(t).inserted { seriesTimes.append(t) }
            guard at.map({ abs(t - $0) <= 1e-9 * max(1, abs($0)) }) ?? ((chosenTime ?? t) == t) else { continue }
            chosenTime = t
            rows[k] = f
        }
        let list = { (items: [String]) in items.prefix(40).joined(separator: ", ") + (items.count > 40 ? ", … (\(items.count) in all)" : "") }
        let days = { (times: [Double]) in times.sorted().map { NumberFormat.shortest($0) + " days" } }
        // For assays, each with its sampling times; for populations, the names alone.
        let named = table.keys.count == 1
            ? seenSeries.map { "\($0) (at \(days(Array(timesOf[$0]!)).joined(separator: ", ")))" } : seenSeries
        if wanted == nil && seenSeries.count > 1 {
            throw .usage("\(table.file) has \(seenSeries.count) \(table.noun); choose one with --series \(table.form): \(list(named))")
        }
        if let wanted, timesOf[wanted] == nil {
            var why = "--series \(given ?? wanted) is not in \(table.file); its \(table.noun) (\(table.form)) are: \(list(named))"
            if table.keys.count > 1, !(given ?? "").contains("/"),
               FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent + "/" + SweepStore.assayFile) {
                why += "; an assay's name goes with --quantity \(Self.assayColumns.prefix(2).joined(separator: " or ")), "
                    + "which are read from \(SweepStore.assayFile)"
            }
            throw .usage(why)
        }
        let which = table.keys.count == 1 ? "assay \(chosenSeries ?? "") in \(table.file)" : table.file
        let times = days(seriesTimes)
        if at == nil && seriesTimes.count > 1 {
            throw .usage("\(which) has \(seriesTimes.count) \(table.keys.count == 1 ? "sampling" : "output") times; choose one with --at "
                         + "(e.g. --at '30 years'): \(list(times))")
        }
        if let at, chosenTime == nil {
            throw .usage("--at \(NumberFormat.shortest(at)) days is not \(table.keys.count == 1 ? "a sampling" : "an output") time of \(which); "
                         + "its times are: \(list(times)) (sweep with --at to report other times)")
        }
        let absent = rows.indices.filter { rows[$0] == nil }
        guard absent.isEmpty, let chosenSeries, let chosenTime else {
            throw .usage("\(table.file) has no row of the chosen series and time for \(absent.count) of \(pointCount) points "
                         + "(\(list(absent.map(String.init)))): the sweep is incomplete or damaged; run the sweep command again")
        }
        var values = [[Double]](repeating: [], count: quantities.count)
        for (q, column) in quantityColumns.enumerated() {
            for k in 0..<pointCount {
                let text = rows[k]![column]
                guard let x = Double(text), x.isFinite else {
                    let why = text.isEmpty && table.keys.count == 1
                        ? "it is empty (the method gave no value for this assay): choose another --quantity"
                        : text.isEmpty
                        ? "it is empty (the moments method leaves quantiles empty, --no-p-present leaves p_present empty): choose another --quantity"
                        : "'\(text)' is not a finite number"
                    throw .usage("\(table.file), point \(k), \(quantities[q]) of \(chosenSeries) at \(NumberFormat.shortest(chosenTime)) days: \(why)")
                }
                values[q].append(x)
            }
        }
        series = chosenSeries
        time = chosenTime
        self.values = values
        self.table = table
    }

    /// The fields of one CSV line (RFC 4180 quotes; sweep.csv has no line breaks in fields).
    static func fields(_ line: Substring) -> [Substring] {
        guard line.contains("\"") else { return line.split(separator: ",", omittingEmptySubsequences: false) }
        var out: [Substring] = [], field = "", quoted = false, i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if quoted {
                if c == "\"" {
                    let next = line.index(after: i)
                    if next < line.endIndex && line[next] == "\"" { field.append("\""); i = next } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(Substring(field))
                field = ""
            } else { field.append(c) }
            i = line.index(after: i)
        }
        out.append(Substring(field))
        return out
    }
}
