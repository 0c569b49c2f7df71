/// Immune factors and events: hosts that exist when the event happens, and
/// donors, mothers, children and tissues that the scenario has.
extension ReferenceCheck {
    /// Every immune factor names a host and an origin of the scenario.
    mutating func immunity() {
        for (i, f) in s.immunity.enumerated() {
            checkHost(f.host, .immunity(i, .host))
            if !isOrigin(f.origin) {
                report(.immunity(i, .origin), "'\(f.origin)' is not an origin of this scenario (a family member, a carried origin or a donor)")
            }
        }
    }

    /// Every event, by kind.
    mutating func events() {
        for (i, event) in s.events.enumerated() {
            switch event {
            case .transfusion(let t): transfusion(t, i)
            case .breastfeeding(let f): breastfeeding(f, i)
            case .injury(let injury):
                checkHost(injury.host, .event(i, .host), at: injury.start)
                if !s.tissues.contains(injury.tissue) { report(.event(i, .tissue), unknownTissue(injury.tissue)) }
            }
        }
    }

    /// A transfusion or transplant: a conceived host, another donor of the
    /// right sex, a known compartment and known cell types.
    private mutating func transfusion(_ t: Transfusion, _ i: Int) {
        checkHost(t.host, .event(i, .host), at: t.time)
        if t.donor == t.host { report(.event(i, .donor), "a host's own cells are not microchimerism; name another donor") }
        if let member = people[t.donor], member.sex != t.donorSex {
            report(.event(i, .donorSex), "'\(t.donor)' is in the family as \(member.sex.rawValue); the donor's sex must match")
        }
        if !compartmentNames.contains(t.compartment) {
            report(.event(i, .compartment), Self.unknown(t.compartment, among: compartmentNames, noun: "compartment"))
        }
        for type in t.cells.keys.sorted() where !typeNames.contains(type) {
            report(.event(i, .cells(type)), Self.unknown(type, among: typeNames, noun: "cell type"))
        }
        if t.product != nil {
            if !t.cells.isEmpty { report(.event(i, .product), "give either cells by type or a blood product, not both") }
            let missing = s.transfusionDefaults.weights.map(\.type).filter { !typeNames.contains($0) }
            if !missing.isEmpty {
                let names = missing.map { "'\($0)'" }.joined(separator: " or ")
                report(.event(i, .product), """
                    a blood product's leukocytes go to the cell types 'progenitor' and 'mature' (\(.progenitorFraction)), but this \
                    scenario has no \(names); give the cells by type instead, or name the scenario's cell types so
                    """)
            }
        }
    }

    /// Breastfeeding of a live-born child by its mother, from birth on.
    private mutating func breastfeeding(_ f: Breastfeeding, _ i: Int) {
        let pregnancy = s.pregnancies.first { $0.children.contains { $0.name == f.child } }
        guard let pregnancy, pregnancy.born.contains(where: { $0.name == f.child }) else {
            report(.event(i, .child), "'\(f.child)' is not a live-born child of this scenario")
            return
        }
        if pregnancy.mother != f.mother { report(.event(i, .mother), "'\(f.child)' is the child of '\(pregnancy.mother)', not of '\(f.mother)'") }
        if f.start < pregnancy.end { report(.event(i, .start), "breastfeeding starts at birth (day \(pregnancy.end)) or later") }
    }
}
