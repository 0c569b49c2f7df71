import BiologyModel
import Engines
import RateModel

/// What one evaluation of a fit has already computed: the collocation weights
/// of its backward solves (`store`) and the moments predictions of every
/// family it has seen, by what determines them.
///
/// Two studies of a suite often compile to the same network (a disease group
/// with its controls' biology, a group whose scenario differs only in its
/// name): the second then takes the first's predictions instead of solving
/// the same equations again. The key is the compiled network with its name
/// cleared, the compiled assays and the requests, which fix the moments
/// predictions exactly, so a memo changes no bit of any result. Not
/// thread-safe: one memo per evaluation and thread. Lookup O(network size).
final class PredictionMemo {
    private struct Key: Hashable {
        let model: NetworkModel
        let assays: [CompiledAssay]
        let requests: [PredictionRequest]
    }

    /// The collocation weights shared by the evaluation's backward solves.
    let store: CollocationStore
    private var made: [Key: [AssayPrediction]] = [:]

    /// A memo whose backward solves use `store`.
    init(store: CollocationStore = CollocationStore()) {
        self.store = store
    }

    /// The moments predictions of `requests` on `model` with `assays`: the
    /// recorded ones when an identical family (name aside) was predicted
    /// before, else `make()`, recorded.
    func moments(_ requests: [PredictionRequest], model: NetworkModel, assays: [CompiledAssay],
                 make: () throws(RunError) -> [AssayPrediction]) throws(RunError) -> [AssayPrediction] {
        var anonymous = model
        anonymous.name = ""
        let key = Key(model: anonymous, assays: assays, requests: requests)
        if let known = made[key] { return known }
        let predictions = try make()
        made[key] = predictions
        return predictions
    }
}
