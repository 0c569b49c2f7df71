/// Control over OpenBLAS's internal threads.
public enum BLASThreading {
    /// Pins OpenBLAS to `count` threads per call (`openblas_set_num_threads`).
    ///
    /// Engines call this with 1 before parallelising over replicates, so that
    /// the bytes of a result never depend on how OpenBLAS splits a product.
    public static func limit(to count: Int) {
        precondition(count >= 1, "thread count must be positive")
        BLAS.setThreads(count)
    }
}
