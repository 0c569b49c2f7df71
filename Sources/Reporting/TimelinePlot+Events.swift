import RateModel

/// The events of `timeline.svg`: labels in lanes above the panels, and a
/// vertical marker (or a shaded span) through every panel.
extension TimelinePlot {
    /// An event with its label's place: lane (0 at the top) and anchor.
    struct PlacedEvent {
        let event: TimelineEvent
        let lane: Int
        /// The label's anchor x and whether the text runs left of it.
        let textX: Double
        let leftward: Bool
    }

    static let labelSize = 11.0
    /// Lanes of event labels at most; further labels are dropped (their markers stay).
    static let maximumLanes = 10

    /// Places every label in the highest lane where it overlaps no other
    /// label and no marker line of an event above it crosses it, in time order.
    func placeEventLabels(_ x: LinearScale) -> [PlacedEvent] {
        let visible = events.enumerated()
            .filter { $0.element.time >= x.lower * Days.perYear && $0.element.time <= x.upper * Days.perYear }
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)
        var occupied = Array(repeating: [(Double, Double)](), count: Self.maximumLanes)
        var markers = Array(repeating: [Double](), count: Self.maximumLanes)
        var placed: [PlacedEvent] = []
        for event in visible {
            let px = x.pixel(event.time / Days.perYear)
            let width = SVGDocument.estimatedWidth(event.label, size: Self.labelSize)
            let leftward = px + 3 + width > Layout.width - 8
            let span = leftward ? (px - 3 - width, px + 1) : (px - 1, px + 3 + width)
            func free(_ lane: Int) -> Bool {
                occupied[lane].allSatisfy { $0.1 + 4 < span.0 || span.1 + 4 < $0.0 }
                    && markers[lane].allSatisfy { $0 + 1 < span.0 || span.1 < $0 - 1 }
            }
            func crossed(below lane: Int) -> Bool {
                ((lane + 1)..<Self.maximumLanes).contains { l in occupied[l].contains { $0.0 - 2 <= px && px <= $0.1 + 2 } }
            }
            guard let lane = (0..<Self.maximumLanes).first(where: { free($0) && !crossed(below: $0) }) else { continue }
            occupied[lane].append(span)
            // The marker line runs down through every lower lane: keep it clear.
            for l in (lane + 1)..<Self.maximumLanes { markers[l].append(px) }
            placed.append(PlacedEvent(event: event, lane: lane, textX: leftward ? px - 3 : px + 3, leftward: leftward))
        }
        return placed
    }

    /// Shaded spans and marker lines from each label down through all panels.
    func drawEventMarks(_ placed: [PlacedEvent], x: LinearScale, frames: [PanelFrame], into svg: inout SVGDocument) {
        guard let first = frames.first else { return }
        for p in placed {
            guard let end = p.event.end else { continue }
            let x0 = x.pixel(p.event.time / Days.perYear)
            let x1 = min(Layout.plotRight, x.pixel(end / Days.perYear))
            for f in frames {
                svg.rect(x: x0, y: f.logTop, width: max(2, x1 - x0), height: f.bottom - f.logTop,
                         ["fill": PlotPalette.ink, "fill-opacity": "0.07"])
            }
        }
        for p in placed {
            let px = x.pixel(p.event.time / Days.perYear)
            let baseline = Layout.eventsTop + Double(p.lane) * Layout.laneHeight + 11
            let dash: String? = p.event.kind == .conception ? "2 3" : p.event.end != nil ? "5 3" : nil
            svg.line(x1: px, y1: baseline + 3, x2: px, y2: first.logTop, ["stroke": PlotPalette.muted, "stroke-width": "0.8",
                                                                           "stroke-dasharray": "1 2"])
            for f in frames {
                svg.line(x1: px, y1: f.logTop, x2: px, y2: f.bottom, ["stroke": PlotPalette.muted, "stroke-width": "1",
                                                                      "stroke-dasharray": dash])
            }
            svg.text(p.event.label, x: p.textX, y: baseline, size: Self.labelSize, anchor: p.leftward ? "end" : "start",
                     Self.halo(["fill": PlotPalette.ink]))
        }
    }
}
