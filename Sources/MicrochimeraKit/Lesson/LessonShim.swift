// TEMPORARY (helper SERVER): the lead deletes this file at merge; the real functions come from COMPUTE and STORY.
//
// Minimal stand-ins with the contract's exact signatures, so that the server
// branch compiles and its endpoint tests have something to call. Only
// `validate` behaves like the real one (it is `ScenarioLoader.parse`'s
// diagnostics); the rest return placeholder values.
import Foundation
import ScenarioFormat

/// Stand-in for the teaching page's pipeline (see the note at the top of this file).
public enum LessonPipeline {
    /// Stand-in: validates the text and returns an empty answer whose method is `shim`.
    public static func answer(_ request: LessonRequest, cancellation: LessonCancellation = LessonCancellation(),
                              progress: (@Sendable (Int, Int) -> Void)? = nil) throws(LessonError) -> LessonOutcome {
        let start = Date()
        try validate(yaml: request.yaml, file: request.file)
        if cancellation.isCancelled { throw .cancelled }
        if request.stochastic { progress?(1, 1) }
        return .answer(LessonAnswer(method: "shim", exact: !request.stochastic, replicates: 0,
                                    svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", curves: [], narration: [],
                                    summaryCSV: "", elapsedMilliseconds: Date().timeIntervalSince(start) * 1000))
    }

    /// Stand-in: validates the text and returns an empty file.
    public static func download(_ request: LessonRequest, which: String,
                                cancellation: LessonCancellation = LessonCancellation()) throws(LessonError) -> String {
        try validate(yaml: request.yaml, file: request.file)
        if cancellation.isCancelled { throw .cancelled }
        return ""
    }

    /// Stand-in: validates the text and returns no controls.
    public static func controls(yaml: String, file: String) throws(LessonError) -> LessonControls {
        try validate(yaml: yaml, file: file)
        return LessonControls(pregnancies: [], events: [], kinetics: [], outcomes: [], canAddPregnancy: false)
    }

    /// Stand-in: validates the text and returns it unchanged.
    public static func edit(yaml: String, file: String, edits: [LessonEdit]) throws(LessonError) -> (yaml: String, controls: LessonControls) {
        (yaml, try controls(yaml: yaml, file: file))
    }

    /// Throws `.invalid` with the diagnostics of `ScenarioLoader.parse`.
    public static func validate(yaml: String, file: String) throws(LessonError) {
        do {
            _ = try ScenarioLoader.parse(text: yaml, file: file)
        } catch .invalid(let diagnostics) {
            throw .invalid(diagnostics)
        } catch {
            throw .failed(error.description)
        }
    }
}

extension ScenarioLibrary {
    /// Stand-in: the entry's title.
    public func notice(of entry: Entry) -> String { entry.title }

    /// The entry's file text.
    public func text(of entry: Entry) throws(RunError) -> String {
        do {
            return try String(contentsOfFile: entry.path, encoding: .utf8)
        } catch {
            throw .usage("cannot read \(entry.path): \(error.localizedDescription)")
        }
    }
}
