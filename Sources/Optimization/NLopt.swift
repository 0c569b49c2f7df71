import CNLopt

/// The one place where Microchimera calls NLopt (Debian's libnlopt-dev, NLopt 2.7.1).
///
/// Each `minimize` creates its own `nlopt_opt`, uses it on the calling thread
/// and destroys it before returning, so concurrent calls from different
/// threads share nothing. The objective reaches NLopt through a C function
/// pointer (the trampoline below) and an unretained pointer to the
/// `ObjectiveTracker`, which outlives the `nlopt_optimize` call.
///
/// Determinism: the four local algorithms draw no random numbers. NLopt seeds
/// its generator from the clock unless `nlopt_srand` was called; it is called
/// here with a fixed seed before every run (the generator's state is
/// thread-local in this build), so NLopt's seed could not matter even if an
/// algorithm used it.
enum NLopt {
    /// The fixed seed given to `nlopt_srand` before every run.
    static let seed: UInt = 19

    /// Minimises `tracker`'s objective from `start` (inside `box`, dimension ≥ 1)
    /// and reports why NLopt stopped. The best point and value are in `tracker`.
    static func minimize(_ tracker: ObjectiveTracker, start: [Double], box: Box,
                         settings: OptimizerSettings) -> OptimizerStatus {
        let n = box.dimension
        guard let opt = nlopt_create(algorithm(settings.algorithm), UInt32(n)) else {
            return .failed("NLopt could not create an optimizer of dimension \(n) (out of memory?)")
        }
        defer { nlopt_destroy(opt) }
        nlopt_srand(seed)
        // `settings.initialStep` ≤ 1/2 of the width keeps `start ± step` inside the box on at least
        // one side (NLopt steps the other way at a bound) and satisfies BOBYQA's `upper − lower ≥ 2·step`.
        let steps = (0..<n).map { settings.initialStep * box.width($0) }
        let setup = [
            nlopt_set_lower_bounds(opt, box.lower),
            nlopt_set_upper_bounds(opt, box.upper),
            nlopt_set_initial_step(opt, steps),
            nlopt_set_xtol_rel(opt, settings.relativeTolerance),
            nlopt_set_ftol_rel(opt, settings.relativeTolerance),
            nlopt_set_ftol_abs(opt, settings.absoluteTolerance),
            nlopt_set_maxeval(opt, Int32(clamping: settings.maxEvaluations)),
            nlopt_set_min_objective(opt, { count, x, _, context in
                let tracker = Unmanaged<ObjectiveTracker>.fromOpaque(context!).takeUnretainedValue()
                return tracker.evaluate(UnsafeBufferPointer(start: x, count: Int(count)))
            }, Unmanaged.passUnretained(tracker).toOpaque()),
        ]
        if let refused = setup.first(where: { $0.rawValue < 0 }) {
            return .failed("NLopt refused the settings: \(describe(refused))")
        }
        var x = start
        var value = 0.0
        let result = withExtendedLifetime(tracker) { nlopt_optimize(opt, &x, &value) }
        return status(result)
    }

    /// NLopt's code for a local algorithm.
    static func algorithm(_ algorithm: LocalAlgorithm) -> nlopt_algorithm {
        switch algorithm {
        case .bobyqa: NLOPT_LN_BOBYQA
        case .sbplx: NLOPT_LN_SBPLX
        case .neldermead: NLOPT_LN_NELDERMEAD
        case .cobyla: NLOPT_LN_COBYLA
        }
    }

    /// The `OptimizerStatus` of an `nlopt_result`.
    static func status(_ result: nlopt_result) -> OptimizerStatus {
        switch result {
        case NLOPT_SUCCESS: .converged("success")
        case NLOPT_STOPVAL_REACHED: .converged("stop value")
        case NLOPT_FTOL_REACHED: .converged("objective tolerance")
        case NLOPT_XTOL_REACHED: .converged("step tolerance")
        case NLOPT_ROUNDOFF_LIMITED: .converged("roundoff limited")
        case NLOPT_MAXEVAL_REACHED: .maxEvaluations
        default: .failed(describe(result))
        }
    }

    /// NLopt's name of a result code, e.g. "NLOPT_INVALID_ARGS (-2)".
    static func describe(_ result: nlopt_result) -> String {
        let name = nlopt_result_to_string(result).map { String(cString: $0) } ?? "unknown result"
        return "NLOPT_\(name) (\(result.rawValue))"
    }
}
