// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "twbrowse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "twbrowse", targets: ["twbrowse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libcurl is loaded with dlopen on the first https request, so no start of the program pays for it.
        .target(name: "CCurlShim", dependencies: ["CProcessSetup"], linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // Secret commands run in a process group of their own under a signal handler: C, like the others.
        .target(name: "CChildProcess"),
        .target(name: "TechWolfAPI", dependencies: ["CCurlShim", "CChildProcess"]),
        .target(name: "BrowserCore", dependencies: ["TechWolfAPI"]),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // Signal state must exist once per process, so it is compiled C in its own target, not a header.
        .target(name: "CTerminalSignals"),
        .target(name: "CursesUI", dependencies: ["BrowserCore", "CNcursesw", "CTerminalSignals", "CChildProcess"]),
        // Threads outside the concurrency pool, for the demo server's sockets and the terminal's poll().
        .target(name: "Threads"),
        .target(name: "DemoAPI", dependencies: ["Threads"]),
        .target(name: "CProcessSetup"),
        .executableTarget(name: "twbrowse", dependencies: [
            "TechWolfAPI", "DemoAPI", "BrowserCore", "CursesUI", "CProcessSetup", "Threads",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "twbrowse-bench", dependencies: ["TechWolfAPI", "BrowserCore", "DemoAPI"], path: "Sources/Benchmarks"),
        // Servers, a throwaway CA and relays (TLS, CONNECT) for the tests; the relay is a python script run as a child.
        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["relay.py"]),
        .testTarget(name: "TechWolfAPITests", dependencies: ["TechWolfAPI", "DemoAPI", "TestSupport"]),
        .testTarget(name: "DemoAPITests", dependencies: ["DemoAPI"]),
        .testTarget(name: "BrowserCoreTests", dependencies: ["BrowserCore", "DemoAPI"], exclude: ["Snapshots"]),
        .testTarget(name: "CursesUITests", dependencies: ["CursesUI"]),
        // Depends on the executable so `swift test` builds the binary it runs.
        .testTarget(name: "CLITests", dependencies: [
            "twbrowse", "DemoAPI", "TestSupport", "CProcessSetup", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "EndToEndTests", dependencies: ["twbrowse", "DemoAPI", "TechWolfAPI"]),
    ],
    swiftLanguageModes: [.v6]
)
