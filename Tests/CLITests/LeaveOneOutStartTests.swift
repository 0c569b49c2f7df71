@testable import MicrochimeraKit
import Optimization
import Testing

/// `StudyInformation.leaveOneOutStart`: a leave-one-study-out refit must not
/// start from the left-out study's own data in a parameter the other studies
/// leave free.
@Suite("Leave-one-out start")
struct LeaveOneOutStartTests {
    /// Three coordinates, three studies (shares by coordinate, each row sums to 1):
    /// coordinate 0 is shared by studies 0 and 1, coordinate 1 is carried by study 2
    /// (95%; study 0 has 5%), coordinate 2 bends no study (all 0).
    static let information = StudyInformation(steps: [0.01, 0.01, 0.01],
                                              shares: [[0.6, 0.4, 0], [0.05, 0, 0.95], [0, 0, 0]],
                                              curvature: [3, 2, 0])
    static let box = Box(lower: [-2, -6, 0], upper: [2, -1, 1])
    static let x = [0.5, -4.0, 0.25]

    @Test("only the coordinates the left-out study alone informs go to the centre of their box")
    func centred() {
        let t = CalibrationReport.informThreshold
        // Study 2 carries 95% of coordinate 1 (the others 5% < 10%): it starts at (−6 + −1)/2.
        #expect(Self.information.informedAlone(by: 2, threshold: t) == [1])
        #expect(Self.information.leaveOneOutStart(Self.x, without: 2, box: Self.box, threshold: t) == [0.5, -3.5, 0.25])
        // Study 0 shares coordinate 0 with study 1 (40% ≥ 10%) and has 5% of coordinate 1: nothing moves.
        #expect(Self.information.informedAlone(by: 0, threshold: t).isEmpty)
        #expect(Self.information.leaveOneOutStart(Self.x, without: 0, box: Self.box, threshold: t) == Self.x)
        // Study 1 informs coordinate 0 with 40% only; coordinate 2 bends no study and keeps its value for everyone.
        #expect(Self.information.leaveOneOutStart(Self.x, without: 1, box: Self.box, threshold: t) == Self.x)
        // With a threshold of 0.5 study 0 alone would not be enough for coordinate 0 either (study 1 has 40% < 50% → moves).
        #expect(Self.information.informedAlone(by: 0, threshold: 0.5) == [0])
    }
}
