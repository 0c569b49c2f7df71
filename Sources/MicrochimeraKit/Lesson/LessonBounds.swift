import BiologyModel
import Engines
import RateModel
import ScenarioFormat

/// The teaching page's bounds: what one request may ask of the server, so that
/// no text a page sends can take it down, and the budget that decides whether
/// exact moments answer within the page's second.
///
/// Each bound passed is a `LessonError.tooLarge` naming the file, the line and
/// the key where the text asks for it, what was asked and the bound
/// (`check(_:text:file:)`). The cost model (`momentsCost`) decides between
/// moments and the bounded stochastic run; it looks at the network's size,
/// the sizes of its dividing parts, the output times and the number of
/// presence targets, never at a scenario's name.
public enum LessonBounds {
    /// The most bytes of scenario text (64 KiB: the library's largest is under 8 KiB).
    public static let textBytes = 64 * 1024
    /// The longest horizon, in years (a life and a half).
    public static let horizonYears = 120.0
    /// The most network compartments (the covariance of moments grows as their square).
    public static let compartments = 400
    /// The most output times (timeseries.csv rows; the library uses up to about 1,400).
    public static let outputTimes = 5000
    /// The most pregnancies in one family.
    public static let pregnancies = 12
    /// The most women of a cohort the stochastic fallback simulates.
    public static let cohortWomen = 200
    /// The replicates of the stochastic fallback for one family (a probability's
    /// standard error is then at most 0.035).
    public static let replicates = 200
    /// The most quadrature runs of a `population:` (each a moments run of the family).
    public static let populationRuns = 64
    /// The most times of a probability curve (the checkpoints are added to them):
    /// the backward solve costs in proportion to the sum of its times, and 48
    /// points spaced denser early (`LessonPipeline.curveGrid`) draw the curves
    /// of the library smoothly.
    public static let curveTimes = 48
    /// The longest exact answer the page computes, in estimated seconds
    /// (`LessonPipeline.ExactPlan.seconds`); families above it get the
    /// stochastic fallback.
    public static let momentsSeconds = 1.0
    // The time constants of `LessonPipeline.ExactPlan.seconds`, fitted to the page's jobs timed one
    // by one over the scenario library and edited horizons (docs/performance.md, "Teaching page
    // latency"), scaled to the idle machine by the library's measured answers.
    /// Seconds per multiply-add of the population check's mean pass (`E·n³ + T·n²`).
    static let secondsPerCheckFlop = 3.3e-9
    /// Seconds per multiply-add of the means job's mean pass.
    static let secondsPerMeanFlop = 3.6e-9
    /// Seconds per output time and compartment of the means job (its series and the figure).
    static let secondsPerFigurePoint = 7.5e-7
    /// Seconds per column-step of a backward solve (`MomentsEngine.generatingWork`).
    static let secondsPerColumnStep = 5.3e-8
    /// Seconds every backward solve costs besides its steps (its engine, plan and weights).
    static let secondsPerSolve = 0.003
    /// Seconds per unit of `momentsCost`, for a whole `run --method moments` (scenarios that are not one family).
    static let secondsPerCostUnit = 4.0e-9

    /// The work of a whole `run --method moments`, in cost units of roughly one
    /// floating-point operation, for `model` with `outputs` output times and
    /// `targets` presence targets solved at `solveTimes` times:
    /// the mean pass `E·n³ + T·n²` (E epochs, n compartments), plus for every
    /// independent part that divides `steps·n_p²·targets·solveTimes` with
    /// `steps` about 40 collocation steps per epoch and horizon-decade
    /// (`BackwardExtinction`: linear in targets and output times, quadratic in
    /// the part's size), plus for parts without division the forward cohort
    /// pass `T·n_p²`. `runs` multiplies everything (a population's quadrature).
    /// Complexity of the estimate itself: O(compartments + flows).
    /// `until` (days, default the horizon) is how far back the backward solves reach.
    public static func momentsCost(_ model: NetworkModel, outputs: Int, targets: Int, solveTimes: Int, runs: Int = 1,
                                   until: Double? = nil) -> Double {
        let n = Double(model.count)
        let schedule = EpochSchedule(model: model)
        let epochs = Double(max(1, schedule.epochs.count))
        var cost = epochs * n * n * n + Double(outputs) * n * n
        let parts = NetworkParts(schedule: schedule, count: model.count)
        let decades = max(1, (until ?? model.horizon) / (10 * Days.perYear))
        for (p, members) in parts.members.enumerated() {
            let size = Double(members.count)
            if parts.divides[p] {
                cost += 40 * epochs * decades * size * size * Double(targets) * Double(solveTimes)
            } else {
                cost += Double(outputs) * size * size
            }
        }
        return cost * Double(max(1, runs))
    }

    /// Throws `.tooLarge` for the first bound `scenario` (parsed from `text`) passes.
    static func check(_ scenario: LoadedScenario, text: String, file: String) throws(LessonError) {
        let model = scenario.model
        if model.horizon > horizonYears * Days.perYear {
            throw tooLarge(text, file, "horizon", "a horizon of \(Int((model.horizon / Days.perYear).rounded())) years is longer than "
                + "the \(Int(horizonYears)) years the teaching page runs; shorten 'horizon'")
        }
        if model.outputTimes.count > outputTimes {
            throw tooLarge(text, file, "output", "\(model.outputTimes.count) output times are more than the \(outputTimes) "
                + "the teaching page draws; make 'output.every' longer")
        }
        if let compiled = scenario.compiled, compiled.scenario.pregnancies.count > pregnancies {
            throw tooLarge(text, file, "pregnancies", "\(compiled.scenario.pregnancies.count) pregnancies are more than the "
                + "\(pregnancies) the teaching page runs in one family; remove some")
        }
        if let cohort = scenario.cohort, cohort.size > cohortWomen {
            throw tooLarge(text, file, "cohort.size", "a cohort of \(cohort.size) women is more than the \(cohortWomen) the teaching "
                + "page simulates; lower 'cohort.size' (or run it with `microchimera run`)")
        }
        if let population = scenario.compiled?.scenario.population, population.runs > populationRuns {
            throw tooLarge(text, file, "population", "'population:' asks for \(population.runs) quadrature runs, more than the "
                + "\(populationRuns) the teaching page computes; use fewer nodes or fewer varying rates")
        }
        if model.count > compartments {
            let key = scenario.compiled == nil ? "network.compartments" : "pregnancies"
            throw tooLarge(text, file, key, "the family compiles to \(model.count) compartments, more than the \(compartments) "
                + "the teaching page runs; use fewer tissues, cell types or family members")
        }
    }

    /// The text-size bound, checked before the text is parsed.
    static func checkSize(_ text: String, file: String) throws(LessonError) {
        let bytes = text.utf8.count
        guard bytes <= textBytes else {
            throw .tooLarge(Diagnostic(file: file, line: nil, column: nil, keyPath: "",
                                       message: "the scenario text has \(bytes) bytes, more than the \(textBytes) the teaching page accepts"))
        }
    }

    /// A `.tooLarge` at the line of `key` in `text` (its first line when the key is not written).
    static func tooLarge(_ text: String, _ file: String, _ key: String, _ message: String) -> LessonError {
        let place = KeyLocator.position(of: key, in: text)
        return .tooLarge(Diagnostic(file: file, line: place?.line, column: place?.column, keyPath: key, message: message))
    }
}
