/// Volumes of blood (assay samples, the blood volume), in millilitres.
extension Units {
    /// Every accepted volume unit spelling with its size in millilitres:
    /// `mL`/`ml` and `L`/`l` (1000 mL).
    static let millilitersPerUnit: [String: Double] = ["mL": 1, "ml": 1, "L": 1000, "l": 1000]

    /// The accepted volume spellings, for messages.
    static let volumeUnitList = "mL|ml, L|l"

    /// Reads `NUMBER [whitespace] UNIT` (`10 mL`, `5 L`) and converts it to millilitres.
    static func scanVolumeMilliliters(_ text: String) -> Result<Double, Problem> {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return .failure(.empty) }
        guard let (number, rest) = scanNumber(trimmed[...]) else { return .failure(.notANumber) }
        let unit = rest.drop(while: \.isWhitespace)
        if unit.isEmpty { return .failure(.missingUnit) }
        guard let milliliters = millilitersPerUnit[String(unit)] else { return .failure(.unknownUnit(String(unit))) }
        let value = number * milliliters
        return value.isFinite ? .success(value) : .failure(.nonFinite)
    }

    /// Parses a volume such as `10 mL` or `5 L` into millilitres; `nil` unless
    /// the text is a number followed by a volume unit and the result is finite.
    public static func parseVolumeMilliliters(_ text: String) -> Double? {
        try? scanVolumeMilliliters(text).get()
    }
}
