/// Thinning of a polyline in pixel space: points that lie within a tolerance
/// of the straight line between their kept neighbours are dropped, so long
/// flat or straight stretches cost two points and the file stays small
/// while the drawing does not change visibly.
public enum PixelPath {
    public typealias Point = (x: Double, y: Double)

    /// `points` with every point dropped that is within `tolerance` pixels
    /// of the segment joining the last kept point and the next candidate.
    /// The first and last points are always kept. Deterministic; a run of
    /// dropped points is at most `maximumRun` long, which bounds the cost.
    public static func simplify(_ points: [Point], tolerance: Double = 0.35, maximumRun: Int = 256) -> [Point] {
        guard points.count > 2 else { return points }
        var out: [Point] = [points[0]]
        var anchor = 0
        var i = 2
        while i < points.count {
            if i - anchor <= maximumRun && allNear(points, from: anchor, to: i, tolerance: tolerance) {
                i += 1
                continue
            }
            out.append(points[i - 1])
            anchor = i - 1
            i += 1
        }
        out.append(points[points.count - 1])
        return out
    }

    /// Whether every point strictly between `a` and `b` is within `tolerance` of segment a–b.
    static func allNear(_ p: [Point], from a: Int, to b: Int, tolerance: Double) -> Bool {
        let (x0, y0, x1, y1) = (p[a].x, p[a].y, p[b].x, p[b].y)
        let dx = x1 - x0, dy = y1 - y0
        let length2 = dx * dx + dy * dy
        for k in (a + 1)..<b {
            let px = p[k].x - x0, py = p[k].y - y0
            var distance2: Double
            if length2 == 0 {
                distance2 = px * px + py * py
            } else {
                let t = max(0, min(1, (px * dx + py * dy) / length2))
                let ex = px - t * dx, ey = py - t * dy
                distance2 = ex * ex + ey * ey
            }
            if distance2 > tolerance * tolerance { return false }
        }
        return true
    }
}
