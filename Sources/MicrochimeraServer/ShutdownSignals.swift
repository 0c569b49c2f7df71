import Foundation
import Synchronization
#if os(Linux)
import Glibc
#endif

/// Turns SIGINT, SIGTERM and SIGHUP into a call, so that `serve` stops its
/// server and exits 0 on Ctrl-C or `kill` instead of dying by the signal.
///
/// The handler only writes the signal's number to a pipe (all a handler may
/// safely do); a thread of its own reads it and calls the closure, once. A
/// signal the process was started with ignored (a background job's SIGINT)
/// stays ignored.
/// This replaces, for these signals, the executable's `TemporaryFiles`
/// handler; the closure should remove temporaries itself
/// (`TemporaryFiles.removeAll()`) before the process ends.
public enum ShutdownSignals {
    /// The signals handled.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private static let wakeUp = Atomic<Int32>(-1)

    /// Installs the handlers; `body` runs on a thread of its own at the first signal, with its number.
    /// Returns false (and installs nothing) when no pipe or thread can be made.
    @discardableResult
    public static func install(_ body: @escaping @Sendable (Int32) -> Void) -> Bool {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return false }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        wakeUp.store(ends[1], ordering: .sequentiallyConsistent)
        let readEnd = ends[0]
        let thread = Thread {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) != 1 {}
            body(Int32(byte))
        }
        thread.name = "microchimera-signals"
        thread.start()
        for s in signals {
            var old = sigaction()
            sigaction(s, nil, &old)
            if unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue } // SIG_IGN: keep it ignored
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                var byte = UInt8(truncatingIfNeeded: signal)
                _ = write(ShutdownSignals.wakeUp.load(ordering: .relaxed), &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(s, &action, nil)
        }
        var handled = sigset_t()
        sigemptyset(&handled)
        for s in signals { sigaddset(&handled, s) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        return true
    }
}
