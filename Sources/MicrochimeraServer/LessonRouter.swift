import FlyingFox
import Foundation
import MicrochimeraKit

/// Routes each HTTP request of the teaching page to its handler and turns
/// every outcome into a response: the page's assets, or JSON.
///
/// Every path answers: an unknown one 404, a known one with another method
/// 405 (with `Allow`), and every error is a JSON body, never an exception
/// the HTTP layer would turn into an empty 500. Request bodies are read only
/// up to `maximumBodyBytes`, and only when `Content-Length` says how long
/// they are. On a loopback address a request must also name a loopback host
/// (`Host:`), so that a web page elsewhere cannot reach the server through a
/// DNS name that points at 127.0.0.1.
struct LessonRouter: HTTPHandler {
    let configuration: ServerConfiguration
    let backend: LessonBackend
    /// Runs answers and downloads (the engines).
    let pool: ComputePool
    /// Runs the text work of controls, edits and validation, which takes milliseconds.
    let textPool: ComputePool
    let sessions: SessionRegistry

    /// A body at most this long past `maximumBodyBytes` is read and dropped so that the
    /// connection stays usable after a 413; beyond it the body is left unread.
    static let drainLimit = 64 << 20

    /// The routes: path and the method it takes.
    private enum Route {
        case page, script, style, library, scenario(String), answer, progress, edit, validate, download

        var method: HTTPMethod {
            switch self {
            case .page, .script, .style, .library, .scenario, .progress: .GET
            case .answer, .edit, .validate, .download: .POST
            }
        }

        init?(path: String) {
            switch path {
            case "/", "/index.html": self = .page
            case "/app.js": self = .script
            case "/style.css": self = .style
            case "/api/library": self = .library
            case "/api/answer": self = .answer
            case "/api/progress": self = .progress
            case "/api/edit": self = .edit
            case "/api/validate": self = .validate
            case "/api/download": self = .download
            default:
                let prefix = "/api/scenario/"
                guard path.hasPrefix(prefix), path.count > prefix.count else { return nil }
                self = .scenario(String(path.dropFirst(prefix.count)))
            }
        }
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let api = request.path.hasPrefix("/api/")
        return await reply(to: request).response(api: api)
    }

    /// The reply to `request`, whatever it holds.
    private func reply(to request: HTTPRequest) async -> ServerReply {
        if let refusal = hostRefusal(request.headers[.host]) { return refusal }
        guard let route = Route(path: request.path) else {
            return .failure(.notFound, "no such page: \(request.path) (the page is at /, its API under /api/)")
        }
        guard request.method == route.method else {
            var reply = ServerReply.failure(.methodNotAllowed, "\(request.path) takes \(route.method.rawValue), "
                                            + "not \(request.method.rawValue)")
            reply.headers.append((HTTPHeader("Allow"), route.method.rawValue))
            return reply
        }
        switch route {
        case .page: return .text(PageAssets.indexHTML, type: "text/html; charset=utf-8")
        case .script: return .text(PageAssets.appJS, type: "text/javascript; charset=utf-8")
        case .style: return .text(PageAssets.styleCSS, type: "text/css; charset=utf-8")
        case .library: return library()
        case .scenario(let name): return await scenario(named: name)
        case .progress: return progress(request.query)
        case .answer, .edit, .validate, .download:
            let body: Data
            switch await readBody(request) {
            case .success(let data): body = data
            case .failure(let refusal): return refusal.reply
            }
            switch route {
            case .answer: return await answer(body)
            case .edit: return await edit(body)
            case .validate: return await validate(body)
            default: return await download(body)
            }
        }
    }

    /// A 403 when the server listens on loopback and `host` (the `Host:` header) names another machine.
    private func hostRefusal(_ host: String?) -> ServerReply? {
        guard configuration.isLoopback, let host, !host.isEmpty else { return nil }
        var name = host.lowercased()
        if name.hasPrefix("[") {
            name = String(name.dropFirst().prefix { $0 != "]" })
        } else if let colon = name.lastIndex(of: ":") {
            name = String(name[..<colon])
        }
        if ServerConfiguration.isLoopback(name) { return nil }
        return .failure(.forbidden, "this server listens on \(configuration.host) only and answers requests for "
                        + "127.0.0.1 or localhost, not '\(host)'; open http://127.0.0.1:<port>/ "
                        + "(or start it with --host for a classroom network)")
    }

    /// Why a body was not read: the reply to send instead.
    struct Refusal: Error { let reply: ServerReply }

    /// The request's body, read only when `Content-Length` gives its length and it is at most `maximumBodyBytes`.
    private func readBody(_ request: HTTPRequest) async -> Result<Data, Refusal> {
        let limit = configuration.maximumBodyBytes
        guard let declared = request.headers[.contentLength] else {
            return .failure(Refusal(reply: .failure(.lengthRequired, "\(request.method.rawValue) \(request.path) "
                + "needs a Content-Length header (a body of at most \(limit) bytes; chunked bodies are not read)")))
        }
        guard let length = Int(declared), length >= 0 else {
            return .failure(Refusal(reply: .failure(.badRequest, "Content-Length '\(declared)' is not a byte count")))
        }
        guard length <= limit else {
            if length <= limit + Self.drainLimit {
                do { for try await _ in request.bodySequence {} } catch {}
            }
            return .failure(Refusal(reply: .failure(.payloadTooLarge, "the body is \(length) bytes; the page's requests "
                + "are at most \(limit) bytes (1 MiB): shorten the scenario text")))
        }
        do {
            return .success(try await request.bodyData)
        } catch {
            return .failure(Refusal(reply: .failure(.badRequest, "the body ended before its \(length) bytes: \(error)")))
        }
    }

    /// `body` decoded as `T`, or a 400 naming the field that is missing or wrong.
    func decode<T: Decodable>(_ type: T.Type, _ body: Data, route: String) -> Result<T, Refusal> {
        do {
            return .success(try JSONDecoder().decode(T.self, from: body))
        } catch let error as DecodingError {
            return .failure(Refusal(reply: .failure(.badRequest, "the body of POST \(route) is not what it takes: "
                                                      + Self.explain(error))))
        } catch {
            return .failure(Refusal(reply: .failure(.badRequest, "the body of POST \(route) is not JSON: \(error)")))
        }
    }

    /// What is wrong, where: `missing field 'request.assay'`, `field 'sequence' should be a number`, ...
    static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .valueNotFound(_, let context):
            return "field '\(path(context.codingPath))' is null; give a value"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "the body should be a JSON object"
        case .typeMismatch(let type, let context):
            let expected = type == String.self ? "a string" : type == Bool.self ? "true or false"
                : (type == Int.self || type == Double.self) ? "a number" : "\(type)"
            return "field '\(path(context.codingPath))' should be \(expected)"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "malformed JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
            }
            return "field '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
