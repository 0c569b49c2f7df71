import RateModel

/// `summary.csv`: one row per series of `timeseries.csv`, saying how long its
/// cells last.
///
/// Columns, exactly: `host,origin,cell_type,compartment,reference_days,
/// reference_years,peak_mean,peak_time_days,peak_time_years,p_present_1y,
/// p_present_5y,p_present_10y,p_present_20y,p_present_30y,p_present_50y,
/// loss_q05_years,loss_q50_years,loss_q95_years,loss_censored,women,
/// prevalence_1y,prevalence_5y,prevalence_10y,prevalence_20y,prevalence_30y,
/// prevalence_50y`, in the row order of `timeseries.csv`. See
/// `SeriesSummary` for each value and docs/output.md for the definitions.
/// Empty cells are values the method does not give or that lie beyond the
/// horizon. Numbers use `NumberFormat.shortest`.
public enum SummaryCSV {
    /// Checkpoints, in years after each series' reference time.
    public static let checkpointYears = [1, 5, 10, 20, 30, 50]

    public static var header: String {
        let keys = ["host", "origin", "cell_type", "compartment", "reference_days", "reference_years",
                    "peak_mean", "peak_time_days", "peak_time_years"]
        let present = checkpointYears.map { "p_present_\($0)y" }
        let loss = ["loss_q05_years", "loss_q50_years", "loss_q95_years", "loss_censored", "women"]
        return (keys + present + loss + checkpointYears.map { "prevalence_\($0)y" }).joined(separator: ",")
    }

    /// The whole file as text. Complexity: O(S) rows.
    public static func render(_ rows: [SeriesSummary]) -> String {
        func number(_ x: Double?) -> String { x.map(NumberFormat.shortest) ?? "" }
        let years = Days.perYear
        var out = header + "\n"
        for row in rows {
            var cells = [row.label.host, row.label.origin.text, row.label.cellType.text, row.label.compartment.text].map(CSVField.escape)
            cells += [row.referenceDays, row.referenceDays / years, row.peakMean, row.peakTimeDays, row.peakTimeDays / years]
                .map(NumberFormat.shortest)
            cells += row.pPresent.map(number)
            cells += [row.lossYears.q05, row.lossYears.q50, row.lossYears.q95, row.lossCensored].map(number)
            cells.append(row.women.map(String.init) ?? "")
            cells += row.prevalence.map(number)
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }
}
