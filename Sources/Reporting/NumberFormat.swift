/// How numbers are printed in every file Microchimera writes.
public enum NumberFormat {
    /// The shortest decimal text that reads back to exactly the same `Double`
    /// (Swift's `description`, which implements a shortest round-trip
    /// algorithm), with `-0.0` written as `0.0`. Non-finite values, which no
    /// engine should produce, are written as `nan`, `inf` or `-inf`.
    public static func shortest(_ x: Double) -> String {
        if x == 0 { return "0.0" }
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return x.description
    }
}
