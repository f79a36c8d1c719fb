import Dispatch
import Foundation
import KioskEngine
import KioskScreen

/// The station as a systemd service: readiness once it takes inputs, the watchdog pinged by the loop
/// itself, and the screen's server.
extension Station {
    /// Pings systemd's watchdog from a timer on the station's loop: a loop that stops turning (a hung
    /// commit, a deadlock) stops the pings, and systemd restarts the station.
    func startWatchdog() {
        guard let intervalMs = notifier.watchdogIntervalMs else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: .milliseconds(Int(intervalMs)))
        timer.setEventHandler { [notifier] in notifier.watchdogPing() }
        timer.resume()
        watchdog = timer
    }

    /// Starts the operator's screen on the board's address and `port` (the board's unless given); returns
    /// what to tell the operator. A screen that cannot start is told, and the counter works without it.
    func startScreen(port: Int?) -> String {
        do {
            let server = ScreenServer(
                host: board.screen.address, port: port ?? board.screen.port,
                access: try ScreenAccess(dataDirectory: dataDirectory), pages: try ScreenPages(), logger: logger,
                actions: { [weak self] action in self?.submit(screen: action) })
            let bound = try server.start()
            queue.sync {
                screen = server
                publishScreenState()
            }
            return "screen: http://\(board.screen.address):\(bound)/ (customer display: /customer)"
        } catch {
            logger.error("screen: not started: \(error)")
            return "screen: not started (\(error)); the counter works without it"
        }
    }

    /// Holds the loop for `seconds` on purpose, so a technician can see the watchdog fire (sim board only:
    /// the counter console's `debug hang-loop`). Returns a problem to show, or nil.
    public func hangLoopForWatchdogCheck(seconds: Int) -> String? {
        guard board.isFullySimulated else { return "debug hang-loop needs the sim board" }
        guard (1...600).contains(seconds) else { return "debug hang-loop: 1 to 600 seconds" }
        logger.warning("the loop is held on purpose", metadata: ["seconds": "\(seconds)"])
        queue.async { sleep(UInt32(seconds)) }
        return nil
    }

    /// Each device and how it is, read on the loop (the screen's view: the printer as the engine last
    /// heard from it, so the loop never waits for a USB worker).
    func deviceStatesOnLoop() -> [(role: String, state: String)] {
        let hold = engine.printerHold
        let simulatedPrinter = simulatedPrinterState()
        return board.devices.map { device in
            guard device.role == .printer else { return (device.role.rawValue, "ready") }
            if let simulatedPrinter { return (device.role.rawValue, simulatedPrinter) }
            return (device.role.rawValue, hold?.rawValue ?? "ready")
        }
    }
}
