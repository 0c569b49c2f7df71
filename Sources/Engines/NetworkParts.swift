import RateModel

/// The independent parts of a network: the connected components of the graph
/// whose edges are the transfers `i → j` with a positive rate in some epoch
/// (taken in either direction).
///
/// No cell ever moves between parts, and every initial cell, bolus and inflow
/// belongs to one part, so the counts of different parts are independent and
/// the generating function of a sum factorises:
///
///     G_S(s; T) = Π_parts G_{S ∩ part}(s; T).
///
/// The backward extinction equation of a part involves that part alone, so it
/// is solved on the part's compartments only. The biology compiler produces
/// one part per cell origin.
///
/// Built by union–find over the transfer rates of every epoch: O(E·n²) for E
/// epochs and n compartments.
package struct NetworkParts: Sendable {
    /// `label[i]`: the part of compartment i (parts are numbered in the order
    /// of their smallest compartment).
    package let label: [Int]
    /// The compartments of each part, ascending.
    package let members: [[Int]]
    /// Whether some compartment of the part divides in some epoch (the backward
    /// equation of the part is then nonlinear).
    package let divides: [Bool]

    package init(schedule: EpochSchedule, count n: Int) {
        self.init(rateSets: schedule.epochs.map(\.rates), count: n)
    }

    /// The parts of a network whose epochs have the rates `rateSets` (one
    /// epoch's alone gives the parts in which its cells stay).
    package init(rateSets: [RateSet], count n: Int) {
        var parent = Array(0..<n)
        func root(_ i: Int) -> Int {
            var r = i
            while parent[r] != r { r = parent[r] }
            var j = i
            while parent[j] != r {
                let next = parent[j]
                parent[j] = r
                j = next
            }
            return r
        }
        var dividing = [Bool](repeating: false, count: n)
        for rates in rateSets {
            for i in 0..<n {
                if rates.division[i] > 0 { dividing[i] = true }
                for j in 0..<n where j != i && rates.transfer(from: i, to: j) > 0 {
                    let (a, b) = (root(i), root(j))
                    if a != b { parent[max(a, b)] = min(a, b) }
                }
            }
        }
        var label = [Int](repeating: -1, count: n)
        var members: [[Int]] = []
        var divides: [Bool] = []
        var partOfRoot: [Int: Int] = [:]
        for i in 0..<n {
            let r = root(i)
            let part: Int
            if let known = partOfRoot[r] {
                part = known
            } else {
                part = members.count
                partOfRoot[r] = part
                members.append([])
                divides.append(false)
            }
            label[i] = part
            members[part].append(i)
            if dividing[i] { divides[part] = true }
        }
        self.label = label
        self.members = members
        self.divides = divides
    }

    /// The parts that contain a compartment of `compartments`, ascending.
    func parts(touching compartments: [Int]) -> [Int] {
        Array(Set(compartments.map { label[$0] })).sorted()
    }
}
