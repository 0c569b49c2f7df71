import FlyingFox
import Foundation
import MicrochimeraKit

/// The JSON API's handlers: library, scenario, answer, progress, edit, validate, download.
extension LessonRouter {
    /// The longest session id a page may send.
    static let sessionLimit = 64
    /// The downloads `/api/download` offers.
    static let downloads = ["scenario.yaml", "timeseries.csv", "summary.csv"]

    /// `GET /api/library`: every scenario with its title and what to notice.
    func library() -> ServerReply {
        let library = configuration.library
        let scenarios = library.entries().map {
            ServerMessage.Library.Scenario(name: $0.name, title: $0.title, notice: library.notice(of: $0))
        }
        return .json(.ok, ServerMessage.Library(scenarios: scenarios))
    }

    /// `GET /api/scenario/NAME`: the text and its controls.
    func scenario(named name: String) async -> ServerReply {
        let library = configuration.library
        guard let entry = library.entries().first(where: { $0.name == name }) else {
            return .failure(.notFound, "no scenario '\(name)' in the library; GET /api/library lists them")
        }
        let yaml: String
        do { yaml = try library.text(of: entry) } catch {
            return .failure(.internalServerError, "cannot read the library's scenario '\(name)': \(error)")
        }
        let backend = self.backend
        let file = entry.name + ".yaml"
        let outcome = await textPool.run { () -> Result<LessonControls, LessonError> in
            do throws(LessonError) { return .success(try backend.controls(yaml, file)) } catch { return .failure(error) }
        }
        var message = ServerMessage.Scenario(name: entry.name, title: entry.title, notice: library.notice(of: entry),
                                             yaml: yaml, controls: nil, errors: nil)
        switch outcome {
        case nil: return busy()
        case .success(let controls)?: message.controls = controls
        case .failure(let error)?:
            switch error {
            case .invalid(let diagnostics): message.errors = diagnostics.map(ServerMessage.DiagnosticBody.init)
            case .tooLarge(let diagnostic): message.errors = [ServerMessage.DiagnosticBody(diagnostic)]
            case .cancelled, .failed: return lessonFailure(error, sequence: nil)
            }
        }
        return .json(.ok, message)
    }

    /// `GET /api/progress?session=S`: the replicates done of the session's stochastic run.
    func progress(_ query: [HTTPRequest.QueryItem]) -> ServerReply {
        guard let session = query.first(where: { $0.name == "session" })?.value else {
            return .failure(.badRequest, "GET /api/progress needs ?session=ID (the page's session id)")
        }
        if let problem = Self.sessionProblem(session) { return .failure(.badRequest, problem) }
        return .json(.ok, sessions.progress(of: session))
    }

    /// `POST /api/answer`: the answer to the newest text of a session; an older one in flight is cancelled (409).
    func answer(_ body: Data) async -> ServerReply {
        let call: ServerMessage.AnswerCall
        switch decode(ServerMessage.AnswerCall.self, body, route: "/api/answer") {
        case .success(let value): call = value
        case .failure(let refusal): return refusal.reply
        }
        if let problem = Self.sessionProblem(call.session) { return .failure(.badRequest, problem) }
        let ticket: SessionRegistry.Ticket
        switch sessions.begin(session: call.session, sequence: call.sequence, stochastic: call.request.stochastic) {
        case .started(let admitted): ticket = admitted
        case .superseded: return .json(.conflict, ServerMessage.Superseded(sequence: call.sequence))
        case .full: return busy(sequence: call.sequence)
        }
        defer { sessions.finish(ticket) }
        let backend = self.backend, sessions = self.sessions, request = call.request
        let outcome = await withTaskCancellationHandler {
            await pool.run { () -> Result<LessonOutcome, LessonError> in
                if ticket.cancellation.isCancelled { return .failure(.cancelled) }
                do throws(LessonError) {
                    return .success(try backend.answer(request, ticket.cancellation) { done, total in
                        sessions.report(ticket, done: done, total: total)
                    })
                } catch { return .failure(error) }
            }
        } onCancel: {
            ticket.cancellation.cancel()
        }
        switch outcome {
        case nil: return busy(sequence: call.sequence)
        case .success(.answer(let answer))?:
            return .json(.ok, ServerMessage.Answer(sequence: call.sequence, answer: answer, needsStochastic: nil))
        case .success(.needsStochastic(let reason, let replicates))?:
            return .json(.ok, ServerMessage.Answer(sequence: call.sequence, answer: nil,
                                                   needsStochastic: .init(reason: reason, replicates: replicates)))
        case .failure(let error)?:
            return lessonFailure(error, sequence: call.sequence)
        }
    }

    /// `POST /api/edit`: the text after the controls' edits, and its new controls.
    func edit(_ body: Data) async -> ServerReply {
        let call: ServerMessage.EditCall
        switch decode(ServerMessage.EditCall.self, body, route: "/api/edit") {
        case .success(let value): call = value
        case .failure(let refusal): return refusal.reply
        }
        let backend = self.backend
        let outcome = await textPool.run { () -> Result<ServerMessage.Edited, LessonError> in
            do throws(LessonError) {
                let (yaml, controls) = try backend.edit(call.yaml, call.file, call.edits)
                return .success(ServerMessage.Edited(yaml: yaml, controls: controls))
            } catch { return .failure(error) }
        }
        return finished(outcome)
    }

    /// `POST /api/validate`: `ok` and the controls, or the diagnostics `microchimera validate` prints.
    func validate(_ body: Data) async -> ServerReply {
        let call: ServerMessage.ValidateCall
        switch decode(ServerMessage.ValidateCall.self, body, route: "/api/validate") {
        case .success(let value): call = value
        case .failure(let refusal): return refusal.reply
        }
        let backend = self.backend
        let outcome = await textPool.run { () -> Result<ServerMessage.Valid, LessonError> in
            do throws(LessonError) {
                try backend.validate(call.yaml, call.file)
                return .success(ServerMessage.Valid(controls: try backend.controls(call.yaml, call.file)))
            } catch { return .failure(error) }
        }
        return finished(outcome)
    }

    /// `POST /api/download`: scenario.yaml (the text itself), timeseries.csv or summary.csv, as an attachment.
    func download(_ body: Data) async -> ServerReply {
        let call: ServerMessage.DownloadCall
        switch decode(ServerMessage.DownloadCall.self, body, route: "/api/download") {
        case .success(let value): call = value
        case .failure(let refusal): return refusal.reply
        }
        guard Self.downloads.contains(call.which) else {
            return .failure(.badRequest, "field 'which' is '\(call.which)'; give one of "
                            + Self.downloads.joined(separator: ", "))
        }
        let disposition = (HTTPHeader("Content-Disposition"),
                           "attachment; filename=\"\(Self.stem(of: call.request.file))-\(call.which)\"")
        if call.which == "scenario.yaml" {
            return .text(call.request.yaml, type: "text/yaml; charset=utf-8", headers: [disposition])
        }
        let backend = self.backend
        let cancellation = LessonCancellation()
        let outcome = await withTaskCancellationHandler {
            await pool.run { () -> Result<String, LessonError> in
                do throws(LessonError) { return .success(try backend.download(call.request, call.which, cancellation)) }
                catch { return .failure(error) }
            }
        } onCancel: {
            cancellation.cancel()
        }
        switch outcome {
        case nil: return busy()
        case .success(let text)?: return .text(text, type: "text/csv; charset=utf-8", headers: [disposition])
        case .failure(let error)?: return lessonFailure(error, sequence: nil)
        }
    }

    // MARK: helpers

    /// Why `session` is not a session id (1 to 64 of A-Z a-z 0-9 _ -), or nil.
    static func sessionProblem(_ session: String) -> String? {
        let allowed = session.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-"
        }
        guard session.isEmpty || !allowed || session.unicodeScalars.count > sessionLimit else { return nil }
        return "field 'session' must be 1 to \(sessionLimit) characters of A-Z, a-z, 0-9, '_' and '-'"
    }

    /// The file name `file` gives a download: its last path component without `.yaml`/`.yml`, in safe characters.
    static func stem(of file: String) -> String {
        var name = file.split(separator: "/").last.map(String.init) ?? ""
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        var safe = ""
        for scalar in name.unicodeScalars.prefix(100) {
            let kept = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                                          || "._-".unicodeScalars.contains(scalar))
            safe.unicodeScalars.append(kept ? scalar : "_")
        }
        return safe.isEmpty || safe.allSatisfy({ $0 == "." }) ? "scenario" : safe
    }

    /// 200 with the value, 422 with the problems, 503 when the queue was full.
    private func finished<T: Encodable>(_ outcome: Result<T, LessonError>?) -> ServerReply {
        switch outcome {
        case nil: busy()
        case .success(let value)?: .json(.ok, value)
        case .failure(let error)?: lessonFailure(error, sequence: nil)
        }
    }

    /// The reply to a `LessonError`: 422 with diagnostics, 409 when cancelled, 422 with the engine's message.
    private func lessonFailure(_ error: LessonError, sequence: Int?) -> ServerReply {
        switch error {
        case .invalid(let diagnostics):
            .json(.unprocessableContent, ServerMessage.Problems(errors: diagnostics.map(ServerMessage.DiagnosticBody.init),
                                                                 sequence: sequence))
        case .tooLarge(let diagnostic):
            .json(.unprocessableContent, ServerMessage.Problems(errors: [ServerMessage.DiagnosticBody(diagnostic)],
                                                                 sequence: sequence))
        case .cancelled:
            .json(.conflict, ServerMessage.Superseded(sequence: sequence))
        case .failed(let message):
            .failure(.unprocessableContent, message, sequence: sequence)
        }
    }

    /// 503: every worker busy and the queue full.
    private func busy(sequence: Int? = nil) -> ServerReply {
        .failure(.serviceUnavailable, "busy: \(pool.workers) computations are running and \(pool.queueLimit) waiting; "
                 + "try again in a moment", sequence: sequence)
    }
}
