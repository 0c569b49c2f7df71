import FlyingFox
import Foundation

/// One HTTP response of the server before its common headers: status, media
/// type, body and any headers of its own.
///
/// `response(api:)` adds what every response carries: the page's
/// Content-Security-Policy (no script, style or image from anywhere but the
/// server itself), `X-Content-Type-Options: nosniff`, and `Cache-Control:
/// no-store` for `/api` (the answers change with every edit).
struct ServerReply: Sendable {
    /// The page's policy: everything from this server only; images may also be inline data or blobs.
    static let contentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:"
    static let jsonType = "application/json; charset=utf-8"

    var status: HTTPStatusCode
    var contentType: String
    var body: Data
    var headers: [(HTTPHeader, String)] = []

    /// `value` as JSON (keys sorted, so the same answer gives the same bytes).
    static func json(_ status: HTTPStatusCode, _ value: some Encodable) -> ServerReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return ServerReply(status: status, contentType: jsonType, body: try encoder.encode(value))
        } catch {
            // Only a number JSON cannot carry (NaN, infinity) gets here.
            return failure(.internalServerError, "the server could not write its reply as JSON (\(error)); "
                           + "this is a bug of microchimera serve: please report it with the scenario text")
        }
    }

    /// `{"error": message}` (with the request's `sequence` when it had one).
    static func failure(_ status: HTTPStatusCode, _ message: String, sequence: Int? = nil) -> ServerReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(ServerMessage.Failure(error: message, sequence: sequence)))
            ?? Data(#"{"error":"unknown error"}"#.utf8)
        return ServerReply(status: status, contentType: jsonType, body: body)
    }

    /// A text file (the page's assets, a download).
    static func text(_ text: String, type: String, headers: [(HTTPHeader, String)] = []) -> ServerReply {
        ServerReply(status: .ok, contentType: type, body: Data(text.utf8), headers: headers)
    }

    /// The response FlyingFox sends, with the common headers; `api` marks `/api` replies.
    func response(api: Bool) -> HTTPResponse {
        var all = HTTPHeaders()
        all[.contentType] = contentType
        all[HTTPHeader("Content-Security-Policy")] = Self.contentSecurityPolicy
        all[HTTPHeader("X-Content-Type-Options")] = "nosniff"
        all[HTTPHeader("Referrer-Policy")] = "no-referrer"
        all[.cacheControl] = api ? "no-store" : "no-cache"
        for (name, value) in headers { all[name] = value }
        return HTTPResponse(statusCode: status, headers: all, body: body)
    }
}
