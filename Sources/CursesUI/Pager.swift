import BrowserCore
import CChildProcess
import TechWolfAPI
#if canImport(Glibc)
import Glibc
#endif

/// Runs the pager on the terminal (which the session has handed back) and says how it ended.
enum Pager {
    static func run(_ request: PagerRequest) -> PagerOutcome {
        var status: Int32 = 0
        let bytes = Array(request.text.utf8)
        let started = ChildEnvironment.withCArray(request.environment) { environment in
            bytes.withUnsafeBufferPointer { input in
                input.withMemoryRebound(to: CChar.self) { text in
                    twb_run_foreground(request.command, environment, text.baseAddress, text.count, &status)
                }
            }
        }
        guard started == 0 else { return .notStarted(String(cString: strerror(started))) }
        return outcome(waitStatus: status, command: request.command)
    }

    /// A wait status as an outcome (the W* macros do not reach Swift).
    static func outcome(waitStatus status: Int32, command: String) -> PagerOutcome {
        let signal = status & 0x7F
        if signal == 0 {
            let code = (status >> 8) & 0xFF
            return code == 0 ? .finished : .exited(status: code, command: command)
        }
        return .signalled(signal, command: command)
    }
}
