import Foundation
import Synchronization

/// A fixed set of threads that run blocking, CPU-bound work (the engines)
/// outside Swift's cooperative pool, so that the sockets stay responsive.
///
/// At most `workers` jobs run at once; at most `queueLimit` more wait, in
/// arrival order; `run` refuses one beyond that (the server answers 503
/// `busy`). Memory is O(workers + queueLimit) jobs, whatever the load.
final class ComputePool: Sendable {
    typealias Job = @Sendable () -> Void

    private struct State {
        var waiting: [Job] = []
        var head = 0
        var stopping = false
        var count: Int { waiting.count - head }
    }

    let workers: Int
    let queueLimit: Int
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `workers` threads (at least 1) that wait for jobs.
    init(workers: Int, queueLimit: Int) {
        self.workers = max(1, workers)
        self.queueLimit = max(0, queueLimit)
        for index in 0..<self.workers {
            let thread = Thread { [self] in work() }
            thread.name = "microchimera-compute-\(index)"
            thread.start()
        }
    }

    /// Runs `body` on a worker and returns its value, or nil at once when the
    /// queue is full or the pool is stopping.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T? {
        await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let admitted = state.withLock { state -> Bool in
                guard !state.stopping, state.count < queueLimit + idleWorkers(state) else { return false }
                state.waiting.append { continuation.resume(returning: body()) }
                return true
            }
            if admitted { available.signal() } else { continuation.resume(returning: nil) }
        }
    }

    /// Jobs queued or running now (for tests and the load report).
    var pending: Int { state.withLock { $0.count } }

    /// Lets the workers finish what is queued, then ends their threads; waits for them.
    func shutdown() {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        for _ in 0..<workers { available.signal() }
        for _ in 0..<workers { exited.wait() }
    }

    /// Workers that are not running a job: what may be queued beyond `queueLimit` without waiting.
    private let busy = Atomic<Int>(0)
    private func idleWorkers(_ state: State) -> Int { max(0, workers - busy.load(ordering: .relaxed)) }

    /// A worker's loop: take the oldest job, run it; end once stopping with nothing queued.
    private func work() {
        while true {
            available.wait()
            let job = state.withLock { state -> Job? in
                guard state.count > 0 else { return nil }
                let job = state.waiting[state.head]
                state.head += 1
                if state.head > 64, state.head * 2 > state.waiting.count {
                    state.waiting.removeFirst(state.head)
                    state.head = 0
                }
                return job
            }
            guard let job else {
                if state.withLock({ $0.stopping && $0.count == 0 }) { break }
                continue
            }
            busy.add(1, ordering: .relaxed)
            job()
            busy.subtract(1, ordering: .relaxed)
        }
        exited.signal()
    }
}
