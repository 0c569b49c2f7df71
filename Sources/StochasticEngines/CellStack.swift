/// A last-in first-out stack of cells still to follow within an interval:
/// compartment and time since the start of the interval.
///
/// Raw storage that doubles when full, so that pushes and pops in the event
/// loop of `CellFateStep` carry no copy-on-write checks. Owned by one
/// simulation at a time (not shared between threads). Push and pop are O(1)
/// amortised.
final class CellStack {
    private var compartments: UnsafeMutablePointer<Int>
    private var times: UnsafeMutablePointer<Double>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        precondition(capacity > 0, "a stack needs room for one cell")
        self.capacity = capacity
        compartments = .allocate(capacity: capacity)
        times = .allocate(capacity: capacity)
    }

    deinit {
        compartments.deallocate()
        times.deallocate()
    }

    @inline(__always)
    func push(_ compartment: Int, at time: Double) {
        if count == capacity { grow() }
        compartments[count] = compartment
        times[count] = time
        count += 1
    }

    /// The most recently pushed cell, removed; nil when empty.
    @inline(__always)
    func pop() -> (compartment: Int, time: Double)? {
        guard count > 0 else { return nil }
        count -= 1
        return (compartments[count], times[count])
    }

    private func grow() {
        let larger = capacity * 2
        let newCompartments = UnsafeMutablePointer<Int>.allocate(capacity: larger)
        let newTimes = UnsafeMutablePointer<Double>.allocate(capacity: larger)
        newCompartments.moveInitialize(from: compartments, count: count)
        newTimes.moveInitialize(from: times, count: count)
        compartments.deallocate()
        times.deallocate()
        compartments = newCompartments
        times = newTimes
        capacity = larger
    }
}
