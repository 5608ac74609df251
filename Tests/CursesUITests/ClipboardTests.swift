import Foundation
import Testing
@testable import CursesUI

@Suite struct ClipboardSequenceTests {
    @Test func plainAndTmuxWrapped() {
        #expect(Clipboard.osc52("int-a1", inTmux: false) == "\u{1B}]52;c;aW50LWEx\u{07}")
        #expect(Clipboard.osc52("int-a1", inTmux: true) == "\u{1B}]52;c;aW50LWEx\u{07}\u{1B}Ptmux;\u{1B}\u{1B}]52;c;aW50LWEx\u{07}\u{1B}\\")
    }

    @Test func hostileTextTravelsAsInertBase64() {
        let seq = Clipboard.osc52("\u{1B}]0;evil\u{07}\u{9B}", inTmux: false)
        let payload = seq.dropFirst("\u{1B}]52;c;".count).dropLast()
        #expect(!payload.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) })
    }
}

@Suite struct ClipboardRouteTests {
    static let inTmux = ["TMUX": "/tmp/tmux-1000/default,123,0"]

    @Test func tmuxDropsCopiesUnlessSetClipboardIsOnOrPassthroughIsAllowed() {
        for setting in ["off", "external"] {
            let route = ClipboardRoute.decide(environment: Self.inTmux, tmuxAnswer: .success("\(setting) 0"))
            #expect(route == .tmuxBlocks(setting: setting))
            let problem = route.problem ?? ""
            #expect(problem.contains("set-clipboard \(setting)") && problem.contains("set -g set-clipboard on") && problem.contains("~/.tmux.conf"), "\(problem)")
            #expect(problem.contains("copy mode"), "the other way: tmux's own buffer")
            #expect(route.description == problem)
        }
        #expect(ClipboardRoute.decide(environment: Self.inTmux, tmuxAnswer: .success("on 0")) == .tmuxForwards)
        // allow-passthrough: 3.3 prints 1, 3.4 may print on or all; before 3.3 the option does not exist (empty).
        for passthrough in ["1", "on", "all", ""] {
            #expect(ClipboardRoute.decide(environment: Self.inTmux, tmuxAnswer: .success("external \(passthrough)")) == .tmuxForwards, "\(passthrough)")
        }
        #expect(ClipboardRoute.decide(environment: Self.inTmux, tmuxAnswer: .success("external off")) == .tmuxBlocks(setting: "external"))
    }

    @Test func noAnswerIsNotCalledAProblem() {
        let route = ClipboardRoute.decide(environment: Self.inTmux, tmuxAnswer: .failure(TmuxQueryError(reason: "no answer within 1.0 s")))
        #expect(route == .tmuxUnknown(reason: "no answer within 1.0 s"))
        #expect(route.problem == nil)
        #expect(route.description.contains("no answer within 1.0 s") && route.description.contains("set-clipboard on"))
    }

    @Test func outsideTmuxTheAnswerIsNotNeeded() {
        #expect(ClipboardRoute.decide(environment: [:], tmuxAnswer: .success("off 0")) == .direct)
        #expect(ClipboardRoute.decide(environment: ["TMUX": ""], tmuxAnswer: .success("off 0")) == .direct)
        let screen = ClipboardRoute.decide(environment: ["STY": "1234.pts-0.host"], tmuxAnswer: .success("off 0"))
        #expect(screen == .screen && screen.problem == nil)
        // tmux inside screen (or the other way round): tmux is the one the program talks to.
        #expect(ClipboardRoute.decide(environment: Self.inTmux.merging(["STY": "1.x"]) { a, _ in a }, tmuxAnswer: .success("off 0")) == .tmuxBlocks(setting: "off"))
    }

    @Test func askingAProgramThatIsMissingOrFailsGivesAReason() {
        guard case .failure(let missing) = ClipboardRoute.askTmux(timeoutSeconds: 1, program: "twbrowse-no-such-tmux") else {
            Issue.record("a missing program answered"); return
        }
        #expect(missing.reason.contains("could not be started"), "\(missing.reason)")
        guard case .failure(let failed) = ClipboardRoute.askTmux(timeoutSeconds: 1, program: "false") else {
            Issue.record("false answered"); return
        }
        #expect(failed.reason.contains("exited with status 1"), "\(failed.reason)")
        // `echo` prints its arguments: the child's first line comes back whole.
        #expect(ClipboardRoute.askTmux(timeoutSeconds: 1, program: "echo") == .success("display-message -p #{set-clipboard} #{allow-passthrough}"))
    }

    @Test func screenGetsTheSequenceThroughItsPassthroughInPieces() {
        let text = String(repeating: "int-a1 ", count: 30)
        let sequence = Clipboard.osc52(text, inTmux: false, inScreen: true)
        let payload = Data(text.utf8).base64EncodedString()
        #expect(sequence.hasPrefix("\u{1B}P\u{1B}]52;c;") && sequence.hasSuffix("\u{07}\u{1B}\\"))
        let pieces = sequence.dropFirst("\u{1B}P\u{1B}]52;c;".count).dropLast("\u{07}\u{1B}\\".count).split(separator: "\u{1B}\\\u{1B}P", omittingEmptySubsequences: false)
        #expect(pieces.count == (payload.utf8.count + 75) / 76)
        #expect(pieces.allSatisfy { $0.utf8.count <= 76 })
        #expect(pieces.joined() == payload)
    }
}
