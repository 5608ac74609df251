import BrowserCore
import Testing
@testable import CursesUI

@Suite struct RowDiffTests {
    private func frame(_ lines: [String], width: Int = 10) -> Frame {
        var frame = Frame(width: width, height: lines.count)
        for (y, line) in lines.enumerated() { frame.put(line, x: 0, y: y, role: .text) }
        return frame
    }

    @Test func firstFrameDrawsEveryRow() {
        #expect(RowDiff.changedRows(previous: nil, next: frame(["a", "b", "c"])) == [0, 1, 2])
    }

    @Test func identicalFramesDrawNothing() {
        #expect(RowDiff.changedRows(previous: frame(["a", "b"]), next: frame(["a", "b"])) == [])
    }

    @Test func movingASelectionRedrawsTwoRows() {
        var before = frame(["one", "two", "three", "four"])
        before.restyle(y: 1, role: .selection)
        var after = frame(["one", "two", "three", "four"])
        after.restyle(y: 2, role: .selection)
        #expect(RowDiff.changedRows(previous: before, next: after) == [1, 2])
    }

    @Test func changedTextRedrawsItsRowOnly() {
        #expect(RowDiff.changedRows(previous: frame(["a", "b", "c"]), next: frame(["a", "B", "c"])) == [1])
    }

    @Test func movingTheCursorRedrawsNothing() {
        let before = frame(["abc"])
        var after = before
        after.cursor = (x: 2, y: 0)
        #expect(RowDiff.changedRows(previous: before, next: after) == [])
    }

    @Test func aNewSizeDrawsEveryRow() {
        #expect(RowDiff.changedRows(previous: frame(["a", "b"], width: 10), next: frame(["a", "b"], width: 11)) == [0, 1])
    }
}
