import MicrochimeraKit
import Synchronization

/// The pages' computations in flight, one per session: the latest sequence,
/// its cancellation and the progress of its stochastic run.
///
/// A page numbers its requests; a newer sequence of the same session cancels
/// the older computation (which the server answers 409 `superseded`), and an
/// older one than in flight is refused at once. An entry lives only while its
/// computation does (`finish` removes it), and at most `limit` sessions have
/// one at a time: an abandoned page leaves nothing behind.
final class SessionRegistry: Sendable {
    /// One admitted computation: what `finish` and progress reports refer to.
    struct Ticket: Sendable {
        let session: String
        let token: UInt64
        let cancellation: LessonCancellation
    }

    /// Whether a computation may start.
    enum Admission: Sendable {
        case started(Ticket)
        /// A newer (or the same) sequence of this session is in flight.
        case superseded
        /// `limit` sessions already have a computation in flight.
        case full
    }

    /// The progress `/api/progress` reports.
    struct Progress: Sendable, Equatable, Codable {
        var done: Int
        var total: Int
        var running: Bool
    }

    private struct Entry {
        var sequence: Int
        var token: UInt64
        var cancellation: LessonCancellation
        var progress: Progress
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var nextToken: UInt64 = 0
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = max(1, limit) }

    /// Admits sequence `sequence` of `session`, cancelling an older one in flight.
    func begin(session: String, sequence: Int, stochastic: Bool) -> Admission {
        state.withLock { state -> Admission in
            if let current = state.entries[session] {
                guard current.sequence < sequence else { return .superseded }
                current.cancellation.cancel()
            } else if state.entries.count >= limit {
                return .full
            }
            state.nextToken &+= 1
            let ticket = Ticket(session: session, token: state.nextToken, cancellation: LessonCancellation())
            state.entries[session] = Entry(sequence: sequence, token: ticket.token, cancellation: ticket.cancellation,
                                           progress: Progress(done: 0, total: 0, running: stochastic))
            return .started(ticket)
        }
    }

    /// Records `done` of `total` replicates of `ticket`'s run (ignored once it was superseded).
    func report(_ ticket: Ticket, done: Int, total: Int) {
        state.withLock { state in
            guard state.entries[ticket.session]?.token == ticket.token else { return }
            state.entries[ticket.session]?.progress = Progress(done: done, total: total, running: true)
        }
    }

    /// Forgets `ticket`'s computation (unless a newer one of its session replaced it).
    func finish(_ ticket: Ticket) {
        state.withLock { state in
            if state.entries[ticket.session]?.token == ticket.token { state.entries[ticket.session] = nil }
        }
    }

    /// The progress of `session`'s computation; nothing running when it has none.
    func progress(of session: String) -> Progress {
        state.withLock { $0.entries[session]?.progress } ?? Progress(done: 0, total: 0, running: false)
    }

    /// Sessions with a computation in flight.
    var count: Int { state.withLock { $0.entries.count } }

    /// Cancels every computation in flight (the server is stopping).
    func cancelAll() {
        state.withLock { state in for entry in state.entries.values { entry.cancellation.cancel() } }
    }
}
