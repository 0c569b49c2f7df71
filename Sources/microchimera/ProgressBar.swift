import Foundation
import Synchronization

/// A progress bar on standard error for long runs.
///
/// Drawn only when standard error is a terminal, only once the run has taken
/// more than a second, and at most ten times a second; silent otherwise.
final class ProgressBar: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var drawn = false
    }

    private let start = ContinuousClock.now
    private let enabled: Bool
    private let unit: String
    private let state = Mutex(State())

    init(quiet: Bool, unit: String = "replicates") {
        enabled = !quiet && isatty(FileHandle.standardError.fileDescriptor) != 0
        self.unit = unit
    }

    /// Reports `done` of `total` replicates (callable from any thread).
    func update(done: Int, total: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - start > .seconds(1) else { return }
        let line: String? = state.withLock { s in
            if let last = s.lastDraw, now - last < .milliseconds(100), done < total { return nil }
            s.lastDraw = now
            s.drawn = true
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let percent = total > 0 ? 100 * done / total : 100
            return "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                + "] \(percent)% \(done)/\(total) \(unit)"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Ends the bar's line if anything was drawn.
    func finish() {
        if state.withLock({ $0.drawn }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
