import RateModel

/// The resource bounds every method checks before it starts work, so that
/// no model makes a run trap, hang or exhaust memory: an engine that would
/// pass one throws `EngineError.tooLarge` (or `.diverges` for a population
/// that grows past `ModelBounds.cells`), within seconds. The values are in
/// docs/scenario-format.md ("Bounds") and docs/engines.md.
public enum RunBounds {
    /// The largest expected population of one compartment at any stop:
    /// `ModelBounds.cells`, 2⁵⁰ ≈ 1.1·10¹⁵ (the fast engine's cell limit).
    public static let population = Double(ModelBounds.cells)

    /// The most followed events (moves, divisions, arrivals) the exact engine
    /// may expect per replicate, 10¹⁰: about five minutes of one core (the
    /// library's single pregnancy fires 7·10⁸ in 20 s). Beyond it `auto` and
    /// `fast` leap over the large populations instead.
    public static let exactEvents = 1e10

    /// The most multinomial and Poisson draws the fast engine may plan per
    /// replicate (leaps × compartments), 10⁹.
    public static let fastDraws = 1e9

    /// The most memory the moments engine may plan for its covariance:
    /// 4 GiB (its step needs about 64·m²·(m + 1) bytes for a part of m
    /// compartments, and the trajectory 8·n² bytes per output time).
    public static let momentBytes = 4.0 * 1024 * 1024 * 1024

    /// `1.2e+74`, `3.4e+09`: a large number for messages.
    public static func text(_ x: Double) -> String {
        guard x.isFinite else { return "more than 1.8e308" }
        let magnitude = x.magnitude
        if magnitude < 1e6 { return x == x.rounded() ? String(Int(x)) : String((x * 10).rounded() / 10) }
        var exponent = 0
        var mantissa = magnitude
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        return "\((mantissa * 10).rounded() / 10)e\(exponent)"
    }

    /// Memory the moments engine needs for `model`, in bytes: the step of its
    /// largest independent part and one covariance per output time.
    public static func momentBytes(_ model: NetworkModel, largestPart m: Int) -> Double {
        let largest = Double(m), n = Double(model.count)
        return 64 * largest * largest * (largest + 1) + 8 * n * n * Double(model.outputTimes.count)
    }

    /// Throws `.tooLarge` when the moments engine would need more than `momentBytes`.
    public static func checkMoments(_ model: NetworkModel, largestPart m: Int) throws(EngineError) {
        let bytes = momentBytes(model, largestPart: m)
        guard bytes > momentBytes else { return }
        throw .tooLarge("too large for the moments engine: the covariance of \(model.count) compartments "
            + "(largest independent part \(m)) over \(model.outputTimes.count) output times needs about "
            + "\(text(bytes / 1e9)) GB, more than the 4 GiB bound; use --method fast or exact, "
            + "fewer output times, or fewer compartments")
    }
}
