import Foundation
import Reporting

/// Values of sweep.csv's statistics columns, one per point, at one series and time.
///
/// sweep.csv has one row per point, output time and series (`host`,
/// `origin`, `cell_type`, `compartment`); a quantity is one statistics column
/// at one series and one time, so it has one value per point.
struct SweepQuantities {
    /// The statistics columns a quantity can be.
    static let columns = ["mean", "sd", "q05", "q25", "q50", "q75", "q95", "p_present"]

    /// `HOST/ORIGIN/CELL_TYPE/COMPARTMENT` of the rows used.
    let series: String
    /// Their time in days.
    let time: Double
    /// `values[q][k]`: quantity q at point k.
    let values: [[Double]]

    /// Reads `path` (a sweep.csv of `pointCount` points) and picks the rows
    /// of `series` at time `at` (each may be nil when the file has only one),
    /// or says what is wrong: an unknown column (listing them), a series or
    /// time that is not there or not given (listing them), points without
    /// such a row, or an empty or non-finite value. Complexity: one pass over the file.
    init(path: String, quantities: [String], series wanted: String?, at: Double?, pointCount: Int) throws(RunError) {
        for q in quantities where !Self.columns.contains(q) {
            throw .usage("--quantity \(q) is not a statistics column of sweep.csv; choose one of \(Self.columns.joined(separator: ", "))")
        }
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
        let needed = ["point", "time_days", "host", "origin", "cell_type", "compartment"] + quantities
        let missing = needed.filter { index[$0] == nil }
        guard missing.isEmpty else { throw .usage("\(path) has no column \(missing.joined(separator: ", ")): it is not a sweep.csv") }
        let (pointColumn, timeColumn) = (index["point"]!, index["time_days"]!)
        let seriesColumns = ["host", "origin", "cell_type", "compartment"].map { index[$0]! }
        let quantityColumns = quantities.map { index[$0]! }
        // A series given with fewer than four fields names the last ones (`marrow` is `///marrow`, a network-level series).
        let given = wanted
        let wanted = wanted.map { w in String(repeating: "/", count: max(0, 3 - w.filter { $0 == "/" }.count)) + w }
        var seenSeries: [String] = [], seenSeriesSet = Set<String>()
        var seenTimes: [Double] = [], seenTimesSet = Set<Double>()
        var rows = [[Substring]?](repeating: nil, count: pointCount)
        var chosen: (series: String, time: Double)?
        var lineNumber = 1
        while let line = nextLine() {
            lineNumber += 1
            let f = Self.fields(line)
            guard f.count == header.count, let k = Int(f[pointColumn]), k >= 0, k < pointCount, let t = Double(f[timeColumn]) else {
                throw .usage("\(path):\(lineNumber): not a row of this sweep (\(f.count) fields of \(header.count), or a bad point or time)")
            }
            let s = seriesColumns.map { String(f[$0]) }.joined(separator: "/")
            if seenSeriesSet.insert(s).inserted { seenSeries.append(s) }
            if seenTimesSet.insert(t).inserted { seenTimes.append(t) }
            let seriesMatches = if let wanted { wanted == s } else { (chosen?.series ?? s) == s }
            let timeMatches = if let at { abs(t - at) <= 1e-9 * max(1, abs(at)) } else { (chosen?.time ?? t) == t }
            guard seriesMatches && timeMatches else { continue }
            chosen = (s, t)
            rows[k] = f
        }
        let list = { (items: [String]) in items.prefix(40).joined(separator: ", ") + (items.count > 40 ? ", … (\(items.count) in all)" : "") }
        if wanted == nil && seenSeries.count > 1 {
            throw .usage("sweep.csv has \(seenSeries.count) series; choose one with --series HOST/ORIGIN/CELL_TYPE/COMPARTMENT: \(list(seenSeries))")
        }
        if let wanted, !seenSeriesSet.contains(wanted) {
            throw .usage("--series \(given ?? wanted) is not in sweep.csv; its series (HOST/ORIGIN/CELL_TYPE/COMPARTMENT) are: \(list(seenSeries))")
        }
        let times = seenTimes.sorted().map { NumberFormat.shortest($0) + " days" }
        if at == nil && seenTimes.count > 1 {
            throw .usage("sweep.csv has \(seenTimes.count) output times; choose one with --at (e.g. --at '30 years'): \(list(times))")
        }
        if let at, chosen == nil {
            throw .usage("--at \(NumberFormat.shortest(at)) days is not an output time of sweep.csv; its times are: \(list(times)) "
                         + "(sweep with --at to report other times)")
        }
        let absent = rows.indices.filter { rows[$0] == nil }
        guard absent.isEmpty, let chosen else {
            throw .usage("sweep.csv has no row of the chosen series and time for \(absent.count) of \(pointCount) points "
                         + "(\(list(absent.map(String.init)))): the sweep is incomplete or damaged; run the sweep command again")
        }
        var values = [[Double]](repeating: [], count: quantities.count)
        for (q, column) in quantityColumns.enumerated() {
            for k in 0..<pointCount {
                let text = rows[k]![column]
                guard let x = Double(text), x.isFinite else {
                    let why = text.isEmpty
                        ? "it is empty (the moments method leaves quantiles empty, --no-p-present leaves p_present empty): choose another --quantity"
                        : "'\(text)' is not a finite number"
                    throw .usage("sweep.csv, point \(k), \(quantities[q]) of \(chosen.series) at \(NumberFormat.shortest(chosen.time)) days: \(why)")
                }
                values[q].append(x)
            }
        }
        series = chosen.series
        time = chosen.time
        self.values = values
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
