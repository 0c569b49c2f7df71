/// Control over OpenBLAS's internal threads.
public enum BLASThreading {
    /// Pins OpenBLAS to `count` threads per call (`openblas_set_num_threads`).
    public static func limit(to count: Int) {
        precondition(count >= 1, "thread count must be positive")
        BLAS.setThreads(count)
    }

    /// The number of threads OpenBLAS may use inside one call (`openblas_get_num_threads`).
    public static var current: Int {
        BLAS.threads
    }

    /// Pins OpenBLAS to one thread, for the same bytes on any machine.
    ///
    /// The engines call this where they start (the moments engine's entry
    /// points, the fast engine's construction, every `ParallelChunks` run,
    /// hence every ensemble), so a program using `Engines` or
    /// `StochasticEngines` directly gets the guarantee without knowing about
    /// it: OpenBLAS may split a product's sums differently on more threads,
    /// which changes the last bits of a result, and replicates already run in
    /// parallel on their own threads. The pin stays after the call (restoring
    /// an earlier count would race with engines running on other threads).
    /// Cost: one `openblas_get_num_threads` read, and one
    /// `openblas_set_num_threads` call only when the count is not already 1
    /// (the setter reconfigures OpenBLAS's thread pool; a fit calls the moments
    /// engine thousands of times from worker threads, so the pin must be cheap).
    public static func pinForReproducibility() {
        if BLAS.threads != 1 { limit(to: 1) }
    }
}
