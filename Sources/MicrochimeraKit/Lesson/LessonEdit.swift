/// One change the page's controls make to the scenario text.
///
/// JSON: `{"op": "setKinetic", "id": "blood_half_life", "value": 3}`; the fields
/// an operation does not use are left out.
public struct LessonEdit: Sendable, Codable, Equatable {
    public enum Operation: String, Sendable, Codable {
        /// Appends a pregnancy after the last one (a son carried to term unless given).
        case addPregnancy
        /// Removes pregnancy `index`.
        case removePregnancy
        /// Sets any of `outcome`, `startWeeks`, `lengthWeeks`, `sex` of pregnancy `index`.
        case setPregnancy
        /// Moves event `index` of `events:` (a transfusion or an injury) to `atDays`.
        case moveEvent
        /// Sets kinetic control `id` (see `LessonControls.kinetics`) to `value`, in the control's unit.
        case setKinetic
    }

    public var op: Operation
    public var index: Int?
    public var outcome: String?
    public var sex: String?
    public var startWeeks: Double?
    public var lengthWeeks: Double?
    public var atDays: Double?
    public var id: String?
    public var value: Double?

    public init(op: Operation, index: Int? = nil, outcome: String? = nil, sex: String? = nil, startWeeks: Double? = nil,
                lengthWeeks: Double? = nil, atDays: Double? = nil, id: String? = nil, value: Double? = nil) {
        self.op = op
        self.index = index
        self.outcome = outcome
        self.sex = sex
        self.startWeeks = startWeeks
        self.lengthWeeks = lengthWeeks
        self.atDays = atDays
        self.id = id
        self.value = value
    }
}
