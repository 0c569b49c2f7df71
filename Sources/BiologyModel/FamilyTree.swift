/// Who is a host, who is an origin, and which origins each host can carry
/// (with the earliest day their cells can arrive).
///
/// Presence is a closure over the calendar: the founder carries her
/// `carries` origins from day 0; a pregnancy puts each conceptus's cells in
/// its mother from conception and, for a live birth, the mother's cells (and
/// a co-twin's) in the child; every origin present in the mother before the
/// pregnancy ends can cross to a live-born child (sibling and grandmaternal
/// microchimerism); transfusions and breastfeeding add their origin. The
/// closure is iterated until nothing changes: O(P²·O) for P pregnancies and
/// O origins, trivial next to the network it sizes.
struct FamilyTree {
    /// Hosts: the founder, then live-born children in order of birth.
    private(set) var hosts: [String] = []
    /// Origins in order of first appearance.
    private(set) var origins: [OriginInfo] = []
    /// `arrival[host][origin]`: the earliest day that origin's cells can be in that host.
    private(set) var arrival: [String: [String: Double]] = [:]
    /// The scenario's placental transfer (for the pulses).
    let transfer: PlacentalTransfer

    init(_ scenario: BiologyScenario) {
        let founder = scenario.founder.name
        transfer = scenario.transfer
        hosts = [founder]
        addOrigin(founder, .female, kind: "founder")
        for carried in scenario.founder.carries { addOrigin(carried.origin, carried.sex, kind: "carried") }
        let pregnancies = scenario.pregnancies.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        for p in pregnancies {
            for child in p.children { addOrigin(child.name, child.sex, kind: "child") }
        }
        for p in pregnancies.sorted(by: { $0.end < $1.end }) {
            for child in p.born where !hosts.contains(child.name) { hosts.append(child.name) }
        }
        for case .transfusion(let t) in scenario.events { addOrigin(t.donor, t.donorSex, kind: "donor") }

        for carried in scenario.founder.carries { arrive(carried.origin, in: founder, at: 0) }
        for p in pregnancies {
            for x in p.children {
                if transfer.fetalToMaternal.peakRate > 0 || (x.vanished == nil && pulse(p, transfer.fetalToMaternal) > 0) {
                    arrive(x.name, in: p.mother, at: p.start)
                }
                guard p.born.contains(x) else { continue }
                if transfer.maternalToFetal.peakRate > 0 || transfer.maternalToFetal.pulse.cells(for: p.outcome) > 0 {
                    arrive(p.mother, in: x.name, at: p.start)
                }
                for y in p.children where y != x && transfer.twinRate > 0 { arrive(y.name, in: x.name, at: p.start) }
            }
        }
        for event in scenario.events {
            switch event {
            case .transfusion(let t): arrive(t.donor, in: t.host, at: t.time)
            case .breastfeeding(let b): if b.rate > 0 { arrive(b.mother, in: b.child, at: b.start) }
            case .injury: break
            }
        }
        guard transfer.carriedRate > 0 else { return }
        var changed = true
        while changed {
            changed = false
            for p in pregnancies {
                for x in p.born {
                    for (origin, day) in arrival[p.mother, default: [:]] where day < p.end && origin != x.name {
                        if arrive(origin, in: x.name, at: max(day, p.start)) { changed = true }
                    }
                }
            }
        }
    }

    /// The end-of-pregnancy pulse in one direction (`PlacentalTransfer.endPulse`).
    func pulse(_ p: Pregnancy, _ direction: DirectionalTransfer) -> Int {
        transfer.endPulse(p, direction)
    }

    /// Origins carried by `host`, in origin order, with their arrival day.
    func carried(by host: String) -> [(origin: String, day: Double)] {
        let map = arrival[host, default: [:]]
        return origins.compactMap { info in map[info.name].map { (info.name, $0) } }
    }

    func sex(of origin: String) -> Sex? { origins.first { $0.name == origin }?.sex }

    private mutating func addOrigin(_ name: String, _ sex: Sex, kind: String) {
        if !origins.contains(where: { $0.name == name }) { origins.append(OriginInfo(name: name, sex: sex, kind: kind)) }
    }

    /// Records an arrival; returns whether it is new or earlier than known.
    /// A host never carries its own origin.
    @discardableResult
    private mutating func arrive(_ origin: String, in host: String, at day: Double) -> Bool {
        guard origin != host else { return false }
        if let known = arrival[host]?[origin], known <= day { return false }
        arrival[host, default: [:]][origin] = day
        return true
    }
}
