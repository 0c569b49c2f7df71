/// The page's controls as a scenario text sets them: its calendar and the
/// kinetics a class can change.
public struct LessonControls: Sendable, Codable, Equatable {
    /// One pregnancy of `pregnancies:`, in the order written.
    public struct Pregnancy: Sendable, Codable, Equatable {
        public var index: Int
        public var child: String
        public var sex: String
        public var startWeeks: Double
        public var lengthWeeks: Double
        public var outcome: String
        public init(index: Int, child: String, sex: String, startWeeks: Double, lengthWeeks: Double, outcome: String) {
            self.index = index
            self.child = child
            self.sex = sex
            self.startWeeks = startWeeks
            self.lengthWeeks = lengthWeeks
            self.outcome = outcome
        }
    }

    /// One event of `events:` the page can move: a transfusion or an injury.
    public struct Event: Sendable, Codable, Equatable {
        public var index: Int
        /// `transfusion` or `injury`.
        public var kind: String
        /// e.g. `transfusion into mother from donor`, `heart injury for 30 days`.
        public var label: String
        public var atDays: Double
        public init(index: Int, kind: String, label: String, atDays: Double) {
            self.index = index
            self.kind = kind
            self.label = label
            self.atDays = atDays
        }
    }

    /// A slider: one kinetic parameter with its unit and range.
    public struct Kinetic: Sendable, Codable, Equatable {
        /// Stable id the page sends back in `LessonEdit.setKinetic`.
        public var id: String
        /// What a lecturer reads, e.g. `blood clearance half-life of progenitors`.
        public var label: String
        /// The unit of `value`, `minimum`, `maximum`, e.g. `days` or `per day`.
        public var unit: String
        public var minimum: Double
        public var maximum: Double
        /// The value the text sets now (or the default it inherits).
        public var value: Double
        /// `linear` or `log`: how the slider maps its position to a value.
        public var scale: String
        public init(id: String, label: String, unit: String, minimum: Double, maximum: Double, value: Double, scale: String) {
            self.id = id
            self.label = label
            self.unit = unit
            self.minimum = minimum
            self.maximum = maximum
            self.value = value
            self.scale = scale
        }
    }

    public var pregnancies: [Pregnancy]
    public var events: [Event]
    public var kinetics: [Kinetic]
    /// The pregnancy outcomes the scenario format accepts, for the outcome menu.
    public var outcomes: [String]
    /// Whether the page may add a pregnancy (false for a cohort or network-level text, or at the page's bound).
    public var canAddPregnancy: Bool

    public init(pregnancies: [Pregnancy], events: [Event], kinetics: [Kinetic], outcomes: [String], canAddPregnancy: Bool) {
        self.pregnancies = pregnancies
        self.events = events
        self.kinetics = kinetics
        self.outcomes = outcomes
        self.canAddPregnancy = canAddPregnancy
    }
}
