import DemoAPI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// `--demo` starts making its data before the arguments are parsed: the data takes longer to make than
/// anything else before the first frame, and everything else on the way there (parsing, the launcher,
/// the terminal) can run beside it. The launcher takes the server that was started; any other command
/// leaves it unused.
enum EarlyDemo {
    private static let started = Mutex<DemoServer?>(nil)

    static func startIfAsked(_ arguments: [String]) {
        let options = arguments.prefix { $0 != "--" }
        guard options.contains("--demo") else { return }
        let server = DemoServer(buildingInBackground: DemoDataSet.standardSeed)
        started.withLock { $0 = server }
    }

    /// The server started early, or a new one.
    static func take() -> DemoServer {
        let early = started.withLock { started in
            defer { started = nil }
            return started
        }
        return early ?? DemoServer(buildingInBackground: DemoDataSet.standardSeed)
    }
}
