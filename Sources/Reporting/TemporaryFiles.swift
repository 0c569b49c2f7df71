import Synchronization
#if os(Linux)
import Glibc
#endif

/// The temporaries this process is writing (`OutputSet`'s staged files and
/// backups), so that an interrupted process removes them before it dies.
///
/// `installSignalCleanup()` (called once by the executable) catches SIGINT,
/// SIGTERM and SIGHUP (unless the process was started with one ignored, as
/// a background job ignores SIGINT) with a handler that only writes the
/// signal's number to a pipe (all a handler may safely do); a thread of its
/// own reads it, removes every registered temporary, restores the signal's
/// default action and raises it again, so the process ends as the signal
/// would have ended it (exit status 128 + the signal's number in a shell).
/// SIGPIPE is ignored, so a write to a closed pipe fails with an error
/// (and the temporaries are removed) instead of killing the process with
/// its temporaries in place. An `OutputSet` renames its files while holding
/// the registry's lock, so a signal arriving then takes effect when the
/// whole set is in place, never half-way.
///
/// What a signal cannot cover (`kill -9`, a power cut) leaves temporaries
/// behind; `OutputSet` removes those of dead processes the next time it
/// writes into that folder (`OutputSet.removeStaleTemporaries`).
public enum TemporaryFiles {
    private static let registry = Mutex<Set<String>>([])
    /// The write end of the pipe the signal handler writes to (-1 until installed).
    private static let wakeUp = Atomic<Int32>(-1)

    /// Records `path` as a temporary to remove if the process is interrupted.
    public static func register(_ path: String) { registry.withLock { _ = $0.insert(path) } }

    /// Forgets `path` (it was renamed into place or removed).
    public static func unregister(_ path: String) { registry.withLock { _ = $0.remove(path) } }

    /// Whether `path` is a temporary of this process.
    public static func isRegistered(_ path: String) -> Bool { registry.withLock { $0.contains(path) } }

    /// Runs `body` holding the registry's lock: an interruption waits until it returns.
    static func exclusively<T, E: Error>(_ body: (inout Set<String>) throws(E) -> T) throws(E) -> T {
        try registry.withLock { (paths: inout Set<String>) throws(E) -> T in try body(&paths) }
    }

    /// Removes every registered temporary (after any rename in progress).
    public static func removeAll() {
        registry.withLock { paths in
            for path in paths { unlink(path) }
            paths.removeAll()
        }
    }

    /// The signals that remove the temporaries before ending the process.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers of `signals` and the thread that acts on them,
    /// and ignores SIGPIPE. Call it once, first thing in `main`.
    public static func installSignalCleanup() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        wakeUp.store(ends[1], ordering: .sequentiallyConsistent)
        var thread = pthread_t()
        let reader = UnsafeMutableRawPointer(bitPattern: Int(ends[0]) + 1)
        guard pthread_create(&thread, nil, { argument in
            TemporaryFiles.waitForSignal(readEnd: Int32(Int(bitPattern: argument) - 1))
            return nil
        }, reader) == 0 else { return }
        pthread_detach(thread)
        for s in signals {
            var old = sigaction()
            sigaction(s, nil, &old)
            if unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue } // SIG_IGN: keep it ignored
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                var byte = UInt8(truncatingIfNeeded: signal)
                _ = write(TemporaryFiles.wakeUp.load(ordering: .relaxed), &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(s, &action, nil)
        }
        // A launcher may start the process with these signals blocked (as Foundation's Process does): unblock them.
        var handled = sigset_t()
        sigemptyset(&handled)
        for s in signals { sigaddset(&handled, s) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = unsafeBitCast(1, to: (@convention(c) (Int32) -> Void).self) // SIG_IGN
        sigaction(SIGPIPE, &ignore, nil)
    }

    /// Waits for a signal's number on the pipe, removes the temporaries and
    /// ends the process by that signal (holding the lock, so that no new
    /// temporary is registered in between).
    private static func waitForSignal(readEnd: Int32) {
        var byte: UInt8 = 0
        while read(readEnd, &byte, 1) != 1 {}
        let received = Int32(byte)
        registry.withLock { paths in
            for path in paths { unlink(path) }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = nil // SIG_DFL
            sigaction(received, &action, nil)
            var one = sigset_t()
            sigemptyset(&one)
            sigaddset(&one, received)
            pthread_sigmask(SIG_UNBLOCK, &one, nil)
            raise(received)
            _exit(128 + received)
        }
    }
}
