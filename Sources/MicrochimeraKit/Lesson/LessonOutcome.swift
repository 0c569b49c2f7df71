/// What `LessonPipeline.answer` gives: an answer, or the reason moments cannot
/// run with the stochastic run the page may offer instead.
public enum LessonOutcome: Sendable, Equatable {
    case answer(LessonAnswer)
    /// Moments cannot run (a cohort, or a family too large for the page's time);
    /// `replicates` is what the bounded stochastic run would simulate.
    case needsStochastic(reason: String, replicates: Int)
}
