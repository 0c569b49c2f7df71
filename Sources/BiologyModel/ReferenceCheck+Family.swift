import RateModel

/// The family: the founder's carried cells, the children's names, who can be
/// a mother, and one pregnancy at a time.
extension ReferenceCheck {
    /// Carried cells of another origin, of a known type, in a known compartment.
    mutating func carriedCells() {
        for (i, c) in s.founder.carries.enumerated() {
            if c.origin == founder { report(.carried(i, .origin), "the founder's own cells are not microchimerism; name another origin") }
            if !typeNames.contains(c.cellType) { report(.carried(i, .cellType), Self.unknown(c.cellType, among: typeNames, noun: "cell type")) }
            if !compartmentNames.contains(c.compartment) {
                report(.carried(i, .compartment), Self.unknown(c.compartment, among: compartmentNames, noun: "compartment"))
            }
            people[c.origin] = people[c.origin] ?? (c.sex, nil)
        }
    }

    /// Every child (and twin) with a name of its own.
    mutating func children() {
        for (i, p) in s.pregnancies.enumerated() {
            for (child, field) in [(p.child, BiologySite.Field.child)] + (p.twin.map { [($0, .twinChild)] } ?? []) {
                if people[child.name] != nil || !childNames.insert(child.name).inserted {
                    report(.pregnancy(i, field), "the name '\(child.name)' is already used; every child needs its own name")
                }
                people[child.name] = (child.sex, p.born.contains(child) ? p.end : nil)
            }
        }
    }

    /// Every mother is the founder or a live-born daughter, at least 10 years
    /// old when her pregnancy starts.
    mutating func mothers() {
        for (i, p) in s.pregnancies.enumerated() {
            let site = BiologySite.pregnancy(i, .mother)
            guard let mother = people[p.mother], p.mother == founder || childNames.contains(p.mother) else {
                report(site, "'\(p.mother)' is not in the family; a mother is '\(founder)' or one of her live-born daughters")
                continue
            }
            if mother.sex != .female { report(site, "'\(p.mother)' is male and cannot carry a pregnancy") }
            if let born = mother.born {
                if p.start < born + 10 * Days.perYear {
                    report(.pregnancy(i, .start), "'\(p.mother)' is born on day \(born); a pregnancy of hers must start at least 10 years later")
                }
            } else {
                report(site, "'\(p.mother)' is not born alive, so she cannot become a mother")
            }
        }
    }

    /// A mother's pregnancies do not overlap.
    mutating func overlappingPregnancies() {
        let byMother = Dictionary(grouping: s.pregnancies.indices, by: { s.pregnancies[$0].mother })
        for indices in byMother.values {
            let sorted = indices.sorted { s.pregnancies[$0].start < s.pregnancies[$1].start }
            for (a, b) in zip(sorted, sorted.dropFirst()) where s.pregnancies[b].start < s.pregnancies[a].end {
                report(.pregnancy(b, .start),
                       "this pregnancy starts before the one at \(.pregnancy(a)) ends; one mother carries one pregnancy at a time (use \(.twin) for twins)")
            }
        }
    }

    /// A fetal demise only before an ending that is not a live birth, and a
    /// demise or a vanishing inside the pregnancy; only the co-twin vanishes.
    mutating func deaths() {
        for (i, p) in s.pregnancies.enumerated() {
            if let demise = p.demise {
                if p.outcome.isLiveBirth {
                    report(.pregnancy(i, .demise), """
                        a fetal demise is for a pregnancy that ends without a live birth (a miscarriage, a termination or a \
                        stillbirth); remove it or change the outcome
                        """)
                } else if !(demise > 0 && demise < p.length) {
                    report(.pregnancy(i, .demise), """
                        the demise comes \(Self.days(demise)) before the end, which must be more than 0 and less than the \
                        pregnancy's \(Self.days(p.length))
                        """)
                }
            }
            if p.child.vanished != nil {
                report(.pregnancy(i, .child), "only the co-twin (\(.twin)) can vanish; name the surviving child first")
            }
            if let vanished = p.twin?.vanished, !(vanished > 0 && vanished < p.length) {
                report(.pregnancy(i, .twinVanished), """
                    the co-twin vanishes at \(Self.days(vanished)) of gestation, which must be more than 0 and less than the \
                    pregnancy's \(Self.days(p.length))
                    """)
            }
        }
    }

    /// `56 days`, `56.5 days`: a duration for messages.
    static func days(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value)) days" : "\(value) days"
    }
}
