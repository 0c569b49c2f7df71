import MicrochimeraKit

/// The library functions the server calls, as values, so that tests can put
/// slow or failing stand-ins in their place; `pipeline` is the real one.
///
/// Every function is blocking and may be CPU-bound: the server calls them
/// only from its `ComputePool`'s threads.
public struct LessonBackend: Sendable {
    public typealias Progress = @Sendable (Int, Int) -> Void

    public var answer: @Sendable (LessonRequest, LessonCancellation, Progress?) throws(LessonError) -> LessonOutcome
    public var download: @Sendable (LessonRequest, String, LessonCancellation) throws(LessonError) -> String
    public var controls: @Sendable (String, String) throws(LessonError) -> LessonControls
    public var edit: @Sendable (String, String, [LessonEdit]) throws(LessonError) -> (yaml: String, controls: LessonControls)
    public var validate: @Sendable (String, String) throws(LessonError) -> Void

    public init(answer: @escaping @Sendable (LessonRequest, LessonCancellation, Progress?) throws(LessonError) -> LessonOutcome,
                download: @escaping @Sendable (LessonRequest, String, LessonCancellation) throws(LessonError) -> String,
                controls: @escaping @Sendable (String, String) throws(LessonError) -> LessonControls,
                edit: @escaping @Sendable (String, String, [LessonEdit]) throws(LessonError) -> (yaml: String, controls: LessonControls),
                validate: @escaping @Sendable (String, String) throws(LessonError) -> Void) {
        self.answer = answer
        self.download = download
        self.controls = controls
        self.edit = edit
        self.validate = validate
    }

    /// `LessonPipeline`'s functions.
    public static let pipeline = LessonBackend(
        answer: { (request, cancellation, progress) throws(LessonError) in
            try LessonPipeline.answer(request, cancellation: cancellation, progress: progress)
        },
        download: { (request, which, cancellation) throws(LessonError) in
            try LessonPipeline.download(request, which: which, cancellation: cancellation)
        },
        controls: { (yaml, file) throws(LessonError) in try LessonPipeline.controls(yaml: yaml, file: file) },
        edit: { (yaml, file, edits) throws(LessonError) in try LessonPipeline.edit(yaml: yaml, file: file, edits: edits) },
        validate: { (yaml, file) throws(LessonError) in try LessonPipeline.validate(yaml: yaml, file: file) })
}
