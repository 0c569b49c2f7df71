import BiologyModel
import Foundation
import ScenarioFormat

/// One slider of the teaching page: a kinetic parameter of the scenario
/// format, its unit and range, how to read it from a compiled scenario and
/// the key it writes.
///
/// The ranges are biologically sensible (docs/teaching.md, "The controls",
/// says why each) and safe: with every control at either end of its range,
/// every library scenario and a generic family still pass the engines'
/// population check (`LessonStoryTests`). Marrow self-renewal is set through
/// `persistence` (the half-life with which circulating progenitors fade once
/// no more arrive), which fixes the decline rate below zero whatever the
/// other controls say: a self-renewal rate itself diverges a few percent
/// above its default.
public struct KineticControl: Sendable {
    /// Stable id the page sends back in `LessonEdit.setKinetic`.
    public let id: String
    public let label: String
    public let unit: String
    public let minimum: Double
    public let maximum: Double
    /// `linear` or `log`.
    public let scale: String
    /// The `--set` path of the key the control writes.
    public let key: String

    /// Blood clearance half-life of progenitors.
    public static let bloodHalfLife = KineticControl(
        id: "blood_half_life", label: "blood clearance half-life of progenitors", unit: "days",
        minimum: 0.5, maximum: 60, scale: "log", key: "cell_types.progenitor.clearance")
    /// Homing of progenitors from blood to bone marrow.
    public static let marrowHoming = KineticControl(
        id: "marrow_homing", label: "homing of progenitors to bone marrow", unit: "per day",
        minimum: 1e-5, maximum: 1e-2, scale: "log", key: "cell_types.progenitor.homing.bone_marrow")
    /// Self-renewal of progenitors in bone marrow, as the half-life of the circulating cells it keeps.
    public static let selfRenewal = KineticControl(
        id: "self_renewal", label: "self-renewal in bone marrow (half-life of the cells it keeps)", unit: "years",
        minimum: 8, maximum: 80, scale: "log", key: "cell_types.progenitor.tissues.bone_marrow.persistence")
    /// Maternal sensitisation: the clearance factor per earlier pregnancy.
    public static let sensitisation = KineticControl(
        id: "sensitisation", label: "maternal sensitisation (clearance factor per earlier pregnancy)", unit: "×",
        minimum: 1, maximum: 2, scale: "linear", key: "sensitisation")

    /// Every control, in the order the page shows them.
    public static let catalog = [bloodHalfLife, marrowHoming, selfRenewal, sensitisation]

    /// The control with `id`, or nil.
    public static func named(_ id: String) -> KineticControl? { catalog.first { $0.id == id } }

    /// The progenitor type the first three controls act on.
    static let progenitor = "progenitor"
    static let marrow = "bone_marrow"

    /// The control's value in `scenario` (the default it inherits when the
    /// text does not set it), or nil when the scenario has nothing it acts on:
    /// no `progenitor` type, no bone marrow, or (sensitisation) no pregnancy.
    /// Self-renewal shows the persistence the text asks for, else the
    /// half-life of the circulating progenitors at its rates (the maximum
    /// when they do not decline).
    func value(in scenario: BiologyScenario, isCohort: Bool) -> Double? {
        if id == Self.sensitisation.id {
            return scenario.pregnancies.isEmpty && !isCohort ? nil : scenario.sensitisation
        }
        guard let type = scenario.cellTypes.first(where: { $0.name == Self.progenitor }) else { return nil }
        switch id {
        case Self.bloodHalfLife.id:
            return type.bloodClearance > 0 ? log(2) / type.bloodClearance : maximum
        case Self.marrowHoming.id:
            return scenario.tissues.contains(Self.marrow) ? type.homing[Self.marrow] ?? 0 : nil
        default:
            guard scenario.tissues.contains(Self.marrow) else { return nil }
            if let rho = type.tissue[Self.marrow]?.persistence, rho > 0 { return log(2) / rho / 365.25 }
            let growth = type.circulatingGrowthRate(tissues: scenario.tissues)
            return growth < 0 ? min(log(2) / -growth / 365.25, maximum) : maximum
        }
    }

    /// The YAML value the control writes for `value` (in its unit).
    func yaml(for value: Double) -> String {
        let number = KineticControl.decimal(value)
        switch id {
        case Self.bloodHalfLife.id: return "{ half_life: \(number) days }"
        case Self.marrowHoming.id: return "\(number) /day"
        case Self.selfRenewal.id: return "{ half_life: \(number) years }"
        default: return number
        }
    }

    /// The control as the page's `LessonControls.Kinetic` with `value`.
    func kinetic(value: Double) -> LessonControls.Kinetic {
        LessonControls.Kinetic(id: id, label: label, unit: unit, minimum: minimum, maximum: maximum, value: value, scale: scale)
    }

    /// `x` as a plain decimal with at most 6 significant digits, no exponent (`0.00001`, `12.5`, `280`).
    static func decimal(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return "0" }
        let magnitude = Int(floor(log10(abs(x))))
        let digits = max(0, min(15, 5 - magnitude))
        var text = String(format: "%.\(digits)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
