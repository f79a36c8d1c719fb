extension ShellConfiguration {
    /// Applies the stored `ui.language` and `shell.idle_timeout_s` settings (see ``ConfigKey``) to `self`;
    /// a missing or unreadable setting keeps the current value.
    public func applying(settingsFrom host: any ShellHost) -> ShellConfiguration {
        var configuration = self
        if let language = (try? host.setting("ui.language")).flatMap({ $0 }).flatMap(ShellLanguage.init(rawValue:)) {
            configuration.language = language
        }
        if let idle = (try? host.setting("shell.idle_timeout_s")).flatMap({ $0 }).flatMap({ Int64($0) }), idle > 0 {
            configuration.idleTimeout_ms = idle * 1000
        }
        return configuration
    }
}
