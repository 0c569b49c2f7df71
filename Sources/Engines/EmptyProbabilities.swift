import Foundation

/// The probability that a compartment, or the whole network, holds no cell at
/// each output time: `P(X_i(t_k) = 0)` and `P(X(t_k) = 0)`.
///
/// Stored as natural logarithms, which keep their relative precision both when
/// the probability is tiny (`e^{−mean}` for a large Poisson mean) and when it is
/// close to 1 (where `1 − P` is formed by `−expm1`). See
/// `MomentsEngine.emptyProbabilities()` for the equations and the method.
public struct EmptyProbabilities: Sendable, Equatable {
    /// Output times in days.
    public let times: [Double]
    /// `logCompartments[k][i] = ln P(X_i(t_k) = 0)`; `−∞` when a cell is surely present.
    public let logCompartments: [[Double]]
    /// `logTotal[k] = ln P(X(t_k) = 0)`.
    public let logTotal: [Double]

    public init(times: [Double], logCompartments: [[Double]], logTotal: [Double]) {
        precondition(logCompartments.count == times.count && logTotal.count == times.count, "one value per output time")
        self.times = times
        self.logCompartments = logCompartments
        self.logTotal = logTotal
    }

    /// `P(X_i(t_k) = 0)`.
    public func empty(time k: Int, compartment i: Int) -> Double { exp(logCompartments[k][i]) }

    /// `P(X(t_k) = 0)`.
    public func totalEmpty(time k: Int) -> Double { exp(logTotal[k]) }

    /// `P(X_i(t_k) > 0) = −expm1(ln P(X_i = 0))`, accurate when it is tiny.
    public func present(time k: Int, compartment i: Int) -> Double { -expm1(logCompartments[k][i]) }

    /// `P(X(t_k) ≠ 0)`.
    public func totalPresent(time k: Int) -> Double { -expm1(logTotal[k]) }
}
