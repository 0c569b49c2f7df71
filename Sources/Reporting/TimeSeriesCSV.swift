import Engines
import RateModel

/// `timeseries.csv`: the tidy long table of every series at every output time.
///
/// Columns, exactly: `time_days,time_years,host,origin,cell_type,compartment,
/// mean,sd,q05,q25,q50,q75,q95,p_present`. Rows are ordered by output time,
/// then by series in the engine's order. A statistic the method does not
/// produce is an empty cell. Numbers use `NumberFormat.shortest`, so every
/// value reads back exactly.
public enum TimeSeriesCSV {
    public static let header = "time_days,time_years,host,origin,cell_type,compartment,mean,sd,q05,q25,q50,q75,q95,p_present"

    /// The whole file as text. Complexity: O(T·S) rows.
    public static func render(_ result: RunResult) -> String {
        header + "\n" + rows(result)
    }

    /// The rows without the header, each line starting with `prefix`, for
    /// the outputs in `outputs` (all when nil): `rowBytes` as text.
    public static func rows(_ result: RunResult, prefix: String = "", outputs: [Int]? = nil) -> String {
        String(decoding: rowBytes(result, prefix: prefix, outputs: outputs), as: UTF8.self)
    }

    /// The UTF-8 bytes of the rows without the header, each line starting
    /// with `prefix`, for the outputs in `outputs` (all when nil).
    /// Complexity: O(T·S) rows, appended to one buffer (a sweep writes
    /// millions of them).
    public static func rowBytes(_ result: RunResult, prefix: String = "", outputs: [Int]? = nil) -> [UInt8] {
        let indices = outputs ?? Array(result.times.indices)
        let count = result.series.count
        // Every series' label cells in one array (series s at labelStart[s]..<labelStart[s + 1]),
        // and the statistics output-major: the loop below reads flat memory, with no
        // reference counting per row.
        var labels: [UInt8] = []
        var labelStart = [0]
        for series in result.series {
            let label = series.label
            labels += [label.host, label.origin.text, label.cellType.text, label.compartment.text].map(CSVField.escape)
                .joined(separator: ",").utf8
            labelStart.append(labels.count)
        }
        var points: [PointStatistics] = []
        points.reserveCapacity(indices.count * count)
        result.series.withUnsafeBufferPointer { all in
            for k in indices {
                for s in 0..<count { points.append(all[s].points[k]) }
            }
        }
        let prefixBytes = Array(prefix.utf8)
        let newline = UInt8(ascii: "\n")
        var text = TextBuffer(capacity: indices.count * count * (prefixBytes.count + 96))
        let comma = UInt8(ascii: ",")
        let noQuantiles = [UInt8](repeating: comma, count: 5)
        labels.withUnsafeBufferPointer { labels in
            for (row, k) in indices.enumerated() {
                let t = result.times[k]
                var cells = TextBuffer(capacity: 48)
                cells.appendShortest(t)
                cells.append(comma)
                cells.appendShortest(t / Days.perYear)
                cells.append(comma)
                let timeCells = cells.bytes
                for s in 0..<count {
                    let p = points[row * count + s]
                    text.append(prefixBytes)
                    text.append(timeCells)
                    text.append(UnsafeBufferPointer(rebasing: labels[labelStart[s]..<labelStart[s + 1]]))
                    text.append(comma)
                    text.appendShortest(p.mean)
                    text.append(comma)
                    if let sd = p.sd { text.appendShortest(sd) }
                    if let q = p.quantiles {
                        for value in [q.q05, q.q25, q.q50, q.q75, q.q95] {
                            text.append(comma)
                            text.appendShortest(value)
                        }
                    } else {
                        text.append(noQuantiles)
                    }
                    text.append(comma)
                    if let present = p.pPresent { text.appendShortest(present) }
                    text.append(newline)
                }
            }
        }
        return text.bytes
    }
}
