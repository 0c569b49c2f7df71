/// Failures of the linear-algebra layer that depend on the numbers, not on the caller.
public enum LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// LU factorisation met an exactly zero pivot at (1-based) position `pivot`.
    case singular(pivot: Int)
    /// The input held NaN or an infinity.
    case nonFinite(operation: String)

    public var description: String {
        switch self {
        case .singular(let p):
            return "the matrix is singular (zero pivot at position \(p)); check for rates that cancel or overflow"
        case .nonFinite(let op):
            return "\(op) received a matrix with NaN or infinite entries; check the rates for overflow"
        }
    }
}
