import MicrochimeraKit
import ScenarioFormat

/// The JSON bodies of the HTTP API (docs/teaching-server.md), as Codable types.
///
/// Keys are Swift's property names (camelCase), as `JSONEncoder` writes them.
enum ServerMessage {
    // MARK: requests

    /// `POST /api/answer`.
    struct AnswerCall: Decodable {
        var session: String
        var sequence: Int
        var request: LessonRequest
    }

    /// `POST /api/edit`.
    struct EditCall: Decodable {
        var yaml: String
        var file: String
        var edits: [LessonEdit]
    }

    /// `POST /api/validate`.
    struct ValidateCall: Decodable {
        var yaml: String
        var file: String
    }

    /// `POST /api/download`.
    struct DownloadCall: Decodable {
        var which: String
        var request: LessonRequest
    }

    // MARK: replies

    /// `GET /api/library`.
    struct Library: Encodable {
        struct Scenario: Encodable {
            var name: String
            var title: String
            var notice: String
        }
        var scenarios: [Scenario]
    }

    /// `GET /api/scenario/NAME`; `controls` is null (and `errors` says why) when the file is not valid.
    struct Scenario: Encodable {
        var name: String
        var title: String
        var notice: String
        var yaml: String
        var controls: LessonControls?
        var errors: [DiagnosticBody]?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(title, forKey: .title)
            try container.encode(notice, forKey: .notice)
            try container.encode(yaml, forKey: .yaml)
            try container.encode(controls, forKey: .controls)
            try container.encodeIfPresent(errors, forKey: .errors)
        }

        private enum CodingKeys: String, CodingKey { case name, title, notice, yaml, controls, errors }
    }

    /// `POST /api/answer`, 200: an answer, or why moments cannot run.
    struct Answer: Encodable {
        struct NeedsStochastic: Encodable {
            var reason: String
            var replicates: Int
        }
        var sequence: Int
        var answer: LessonAnswer?
        var needsStochastic: NeedsStochastic?
    }

    /// `POST /api/answer`, 409.
    struct Superseded: Encodable {
        var sequence: Int?
        var superseded = true
    }

    /// `POST /api/edit`, 200.
    struct Edited: Encodable {
        var yaml: String
        var controls: LessonControls
    }

    /// `POST /api/validate`, 200.
    struct Valid: Encodable {
        var ok = true
        var controls: LessonControls
    }

    /// Any error that is not about the scenario text: `{"error": "..."}`.
    struct Failure: Encodable {
        var error: String
        var sequence: Int?
    }

    /// The scenario's problems (422): `{"errors": [...]}`.
    struct Problems: Encodable {
        var errors: [DiagnosticBody]
        var sequence: Int?
    }

    /// One diagnostic, with `text` the line `microchimera validate` prints; `line` and `column` may be null.
    struct DiagnosticBody: Encodable {
        /// The fields `validate --format json` writes for a problem (`ValidationReport.Problem`).
        var problem: ValidationReport.Problem
        /// The diagnostic as the CLI prints it.
        var text: String

        init(_ diagnostic: Diagnostic) {
            problem = ValidationReport.Problem(diagnostic)
            text = diagnostic.description
        }

        func encode(to encoder: any Encoder) throws {
            try problem.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
        }

        private enum CodingKeys: String, CodingKey { case text }
    }
}
