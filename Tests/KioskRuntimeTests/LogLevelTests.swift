import KioskRuntime
import KioskEngine
import KioskSimulator
import Logging
import Testing

/// The shell's `log level` changes what loggers made long before it write: every logger of the kiosk
/// reads one shared level.
@Test("a level set on the shared control reaches a logger made before it")
func sharedLogLevelReachesEarlierLoggers() {
    let ring = RecentLogLines()
    let logger = Logger(label: "level-test") { SharedLevelLogHandler(base: ring.handler(label: $0)) }
    let saved = LogLevelControl.shared.level
    defer { LogLevelControl.shared.level = saved }
    LogLevelControl.shared.level = .info
    logger.debug("hidden at info")
    LogLevelControl.shared.level = .debug
    logger.debug("shown at debug")
    let lines = ring.tail(10)
    #expect(lines.count == 1)
    #expect(lines.first?.contains("shown at debug") == true)
}
