import RateModel

/// Checks that every name a scenario uses refers to something that exists
/// and that the family makes biological sense, before anything is compiled.
extension BiologyCompiler {
    static func referenceProblems(_ s: BiologyScenario) -> [BiologyProblem] {
        var problems: [BiologyProblem] = []
        func report(_ path: ModelPath, _ message: String) { problems.append(BiologyProblem(path, message)) }
        let root = ModelPath()
        let compartmentNames = compartments(s)
        let typeNames = s.cellTypes.map(\.name)
        let founder = s.founder.name
        func known(_ name: String, among names: [String], noun: String) -> String {
            "'\(name)' is not a \(noun); expected one of \(names.joined(separator: ", "))"
        }

        // Cell types and tissues.
        if Set(s.tissues).count != s.tissues.count { report(root.key("tissues"), "tissue names must be distinct") }
        if s.tissues.contains(BiologyDefaults.blood) { report(root.key("tissues"), "'blood' is every host's own compartment; list only tissues") }
        for type in s.cellTypes {
            let path = root.key("cell_types").key(type.name)
            for tissue in type.homing.keys.sorted() where !s.tissues.contains(tissue) {
                report(path.key("homing").key(tissue), known(tissue, among: s.tissues, noun: "tissue of this scenario"))
            }
            for tissue in type.tissue.keys.sorted() where !s.tissues.contains(tissue) {
                report(path.key("tissues").key(tissue), known(tissue, among: s.tissues, noun: "tissue of this scenario"))
            }
            for d in type.differentiation where !typeNames.contains(d.into) || d.into == type.name {
                report(path.key("differentiation").key(d.into), d.into == type.name
                       ? "a type cannot differentiate into itself" : known(d.into, among: typeNames, noun: "cell type"))
            }
        }
        let shareSum = s.cellTypes.reduce(0) { $0 + $1.share }
        if !s.cellTypes.isEmpty && abs(shareSum - 1) > 1e-9 {
            report(root.key("cell_types"), "the shares of the cell types must sum to 1, they sum to \(shareSum)")
        }

        // People: names, who can be a mother, who is born when.
        var people: [String: (sex: Sex, born: Double?)] = [founder: (.female, -s.founder.ageAtStart)]
        for (i, c) in s.founder.carries.enumerated() {
            let path = root.key("mother").key("carries").index(i)
            if c.origin == founder { report(path.key("origin"), "the founder's own cells are not microchimerism; name another origin") }
            if !typeNames.contains(c.cellType) { report(path.key("cell_type"), known(c.cellType, among: typeNames, noun: "cell type")) }
            if !compartmentNames.contains(c.compartment) {
                report(path.key("compartment"), known(c.compartment, among: compartmentNames, noun: "compartment"))
            }
            people[c.origin] = people[c.origin] ?? (c.sex, nil)
        }
        var childNames: Set<String> = []
        for (i, p) in s.pregnancies.enumerated() {
            for (child, path) in [(p.child, root.key("pregnancies").index(i).key("child"))]
                + (p.twin.map { [($0, root.key("pregnancies").index(i).key("twin").key("child"))] } ?? []) {
                if people[child.name] != nil || !childNames.insert(child.name).inserted {
                    report(path, "the name '\(child.name)' is already used; every child needs its own name")
                }
                people[child.name] = (child.sex, p.outcome.isLiveBirth ? p.end : nil)
            }
        }
        for (i, p) in s.pregnancies.enumerated() {
            let path = root.key("pregnancies").index(i).key("mother")
            guard let mother = people[p.mother], p.mother == founder || childNames.contains(p.mother) else {
                report(path, "'\(p.mother)' is not in the family; a mother is '\(founder)' or one of her live-born daughters")
                continue
            }
            if mother.sex != .female { report(path, "'\(p.mother)' is male and cannot carry a pregnancy") }
            if let born = mother.born {
                if p.start < born + 10 * Days.perYear {
                    report(root.key("pregnancies").index(i).key("start"),
                           "'\(p.mother)' is born on day \(born); a pregnancy of hers must start at least 10 years later")
                }
            } else {
                report(path, "'\(p.mother)' is not born alive, so she cannot become a mother")
            }
        }
        let byMother = Dictionary(grouping: s.pregnancies.indices, by: { s.pregnancies[$0].mother })
        for indices in byMother.values {
            let sorted = indices.sorted { s.pregnancies[$0].start < s.pregnancies[$1].start }
            for (a, b) in zip(sorted, sorted.dropFirst()) where s.pregnancies[b].start < s.pregnancies[a].end {
                report(root.key("pregnancies").index(b).key("start"),
                       "this pregnancy starts before the one at pregnancies[\(a)] ends; one mother carries one pregnancy at a time (use 'twin' for twins)")
            }
        }
        let hosts = [founder] + s.pregnancies.filter(\.outcome.isLiveBirth).flatMap { $0.children.map(\.name) }
        func conception(of host: String) -> Double {
            s.pregnancies.first { $0.children.contains { $0.name == host } }?.start ?? 0
        }
        func checkHost(_ host: String, _ path: ModelPath, at time: Double? = nil) {
            guard hosts.contains(host) else {
                report(path, known(host, among: hosts, noun: "host (the founder or a live-born child)"))
                return
            }
            if let time, time < conception(of: host) { report(path, "'\(host)' is not conceived yet at day \(time)") }
        }

        // Immunity, events, assays.
        for (i, f) in s.immunity.enumerated() {
            let path = root.key("immunity").index(i)
            checkHost(f.host, path.key("host"))
            if people[f.origin] == nil && !s.events.contains(where: { if case .transfusion(let t) = $0 { t.donor == f.origin } else { false } }) {
                report(path.key("origin"), "'\(f.origin)' is not an origin of this scenario (a family member, a carried origin or a donor)")
            }
        }
        for (i, event) in s.events.enumerated() {
            let path = root.key("events").index(i)
            switch event {
            case .transfusion(let t):
                let p = path.key(t.kind)
                checkHost(t.host, p.key("host"), at: t.time)
                if t.donor == t.host { report(p.key("donor"), "a host's own cells are not microchimerism; name another donor") }
                if let member = people[t.donor], member.sex != t.donorSex {
                    report(p.key("sex"), "'\(t.donor)' is in the family as \(member.sex.rawValue); the donor's sex must match")
                }
                if !compartmentNames.contains(t.compartment) { report(p.key("into"), known(t.compartment, among: compartmentNames, noun: "compartment")) }
                for type in t.cells.keys.sorted() where !typeNames.contains(type) {
                    report(p.key("cells").key(type), known(type, among: typeNames, noun: "cell type"))
                }
            case .breastfeeding(let f):
                let p = path.key("breastfeeding")
                let pregnancy = s.pregnancies.first { $0.children.contains { $0.name == f.child } }
                if let pregnancy, pregnancy.outcome.isLiveBirth {
                    if pregnancy.mother != f.mother { report(p.key("mother"), "'\(f.child)' is the child of '\(pregnancy.mother)', not of '\(f.mother)'") }
                    if f.start < pregnancy.end { report(p.key("start"), "breastfeeding starts at birth (day \(pregnancy.end)) or later") }
                } else {
                    report(p.key("child"), "'\(f.child)' is not a live-born child of this scenario")
                }
            case .injury(let injury):
                let p = path.key("injury")
                checkHost(injury.host, p.key("host"), at: injury.start)
                if !s.tissues.contains(injury.tissue) { report(p.key("tissue"), known(injury.tissue, among: s.tissues, noun: "tissue of this scenario")) }
            }
        }
        for (i, a) in s.assays.enumerated() {
            let path = root.key("assays").index(i)
            checkHost(a.host, path.key("host"))
            if !compartmentNames.contains(a.compartment) {
                report(path.key("compartment"), known(a.compartment, among: compartmentNames, noun: "compartment"))
            }
            if case .hla(let origin) = a.marker, people[origin] == nil,
               !s.events.contains(where: { if case .transfusion(let t) = $0 { t.donor == origin } else { false } }) {
                report(path.key("marker").key("hla"), "'\(origin)' is not an origin of this scenario")
            }
            switch a.sample {
            case .bloodVolume(let mL):
                if a.compartment != BiologyDefaults.blood { report(path.key("sample"), "a volume in mL samples blood; for a tissue give { cells: N }") }
                if mL > s.hostCells.bloodVolume { report(path.key("sample"), "the sample (\(mL) mL) is larger than the blood volume (\(s.hostCells.bloodVolume) mL)") }
            case .hostCells(let n):
                if let available = s.hostCells.cells(in: a.compartment), n > available {
                    report(path.key("sample"), "the sample (\(n) cells) is larger than the \(a.compartment) (\(available) cells)")
                } else if s.hostCells.cells(in: a.compartment) == nil {
                    report(path.key("sample"), "no host cell count is known for '\(a.compartment)'; give it under host_cells.tissue_cells")
                }
            }
        }
        return problems
    }
}
