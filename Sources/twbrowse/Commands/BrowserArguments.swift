/// The full-screen browser's command line (no subcommand), read without ArgumentParser when every argument
/// is one of the browser's own options in a plain form.
///
/// Why a second reader: ArgumentParser learns a command by reflection the first time it parses one, and in
/// a release build that costs about 2 ms of the 12–15 ms the browser takes to its first frame (the Swift
/// runtime scans every protocol conformance in the binary for each new generic type it meets). The browser
/// is the command people start most, by hand, waiting for it.
///
/// Why it cannot disagree with ArgumentParser: anything but the plain forms (`--name value`, `--name=value`,
/// `--demo`), each option at most once, with a value that is non-empty, does not start with `-` and reads
/// as its type, and options that pass `ConnectionOptions.validate()`, returns nil, and ArgumentParser
/// reads the command line as before: help, version, subcommands, mistakes and their messages all stay
/// ArgumentParser's. `BrowserArgumentsTests` compares the two on generated command lines.
enum BrowserArguments {
    /// Options that take a value, by long name. Checked against `TWBrowse` and `ConnectionOptions` by test.
    static let valueOptions: Set<String> = [
        "tenant", "region", "base-url", "api-version", "timeout", "token-file", "token-command", "token-env",
        "profile", "cache-ttl", "log-file", "ca-file", "employee", "interaction", "worklist", "theme",
    ]
    static let flags: Set<String> = ["demo"]

    static func parse(_ arguments: [String]) -> UILauncher.Options? {
        var values: [String: String] = [:]
        var demo = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else { return nil }
            let body = argument.dropFirst(2)
            let name: String
            var value: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                value = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            index += 1
            if flags.contains(name) {
                guard value == nil, !demo else { return nil }
                demo = true
                continue
            }
            guard valueOptions.contains(name), values[name] == nil else { return nil }
            if value == nil {
                guard index < arguments.count else { return nil }
                value = arguments[index]
                index += 1
            }
            guard let value, !value.isEmpty, !value.hasPrefix("-") else { return nil }
            values[name] = value
        }
        // A number that does not read as one goes to ArgumentParser, which says so.
        if ["timeout", "cache-ttl"].contains(where: { values[$0].map { Double($0) == nil } ?? false }) { return nil }
        let timeout = values["timeout"].flatMap(Double.init)
        let cacheTTL = values["cache-ttl"].flatMap(Double.init)
        let connection = ConnectionOptions(
            tenant: values["tenant"], region: values["region"], baseURL: values["base-url"],
            apiVersion: values["api-version"], timeout: timeout, tokenFile: values["token-file"],
            tokenCommand: values["token-command"], tokenEnv: values["token-env"], profile: values["profile"],
            cacheTTL: cacheTTL, logFile: values["log-file"], caFile: values["ca-file"])
        guard (try? connection.validate()) != nil else { return nil }
        return UILauncher.Options(connection: connection, demo: demo, employee: values["employee"],
                                  interaction: values["interaction"], worklist: values["worklist"], theme: values["theme"])
    }
}

extension ConnectionOptions {
    /// Every property set, so none is left as a bare ArgumentParser definition (reading one of those traps).
    /// `BrowserArgumentsTests` fails when an option is added here but not there.
    init(tenant: String?, region: String?, baseURL: String?, apiVersion: String?, timeout: Double?,
         tokenFile: String?, tokenCommand: String?, tokenEnv: String?, profile: String?, cacheTTL: Double?,
         logFile: String?, caFile: String?) {
        self.init()
        self.tenant = tenant
        self.region = region
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.timeout = timeout
        self.tokenFile = tokenFile
        self.tokenCommand = tokenCommand
        self.tokenEnv = tokenEnv
        self.profile = profile
        self.cacheTTL = cacheTTL
        self.logFile = logFile
        self.caFile = caFile
    }
}
