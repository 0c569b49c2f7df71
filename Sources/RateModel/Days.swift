/// Calendar units in days, the time unit of every network, input and output.
///
/// The one definition of the year: scenario files read `years` and `months`
/// with it, and every output that shows years (timeseries.csv's `years`
/// column, summaries, assays, plots, the terminal timeline, `describe`)
/// divides days by it.
public enum Days {
    /// Days in the average Julian year: 365.25.
    public static let perYear = 365.25
    /// Days in the average month, a twelfth of the year: 30.4375 (exact in binary).
    public static let perMonth = perYear / 12
}
