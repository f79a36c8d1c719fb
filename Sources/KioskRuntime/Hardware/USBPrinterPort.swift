import Dispatch
import KioskDevices
import Logging
import Synchronization

/// The receipt printer on USB, as the engine's synchronous port: each job is sent only when the
/// printer says it can print, and counts as printed only when the printer answers a status request
/// sent after it. Runs the driver's async calls and waits for them (the engine's queue may block;
/// every transfer has its own timeout).
final class USBPrinterPort: ReceiptPrinterPort, CashDrawerPort, @unchecked Sendable {
    let printer: USBPrinter
    let configuration: PrinterConfiguration
    let logger: Logger

    init(context: USBContext, match: USBDeviceMatch, configuration: PrinterConfiguration, logger: Logger) {
        printer = USBPrinter(context: context, match: match, configuration: configuration)
        self.configuration = configuration
        self.logger = logger
    }

    func print(_ bytes: [UInt8], nowMs: Int64) -> PrintOutcome {
        let printer = self.printer
        return waitFor { () async -> PrintOutcome in
            do {
                if await !printer.isConnected { try await printer.connectAndConfigure() }
                let status = try await printer.status()
                if status.isPaperOut { return .held(.paperOut) }
                if status.isCoverOpen { return .held(.coverOpen) }
                guard status.canPrint else { return .held(.offline) }
                try await printer.send(bytes)
                _ = try await printer.confirm()
                return .confirmed
            } catch {
                await printer.disconnect()
                return .held(.offline)
            }
        }
    }

    func kick(nowMs: Int64) {
        guard let pin = configuration.drawerPin else { return }
        var encoder = ESCPOSEncoder()
        encoder.kickDrawer(pin: pin, pulseMs: configuration.drawerPulseMs)
        let bytes = encoder.bytes
        let printer = self.printer
        let sent = waitFor { () async -> Bool in
            do {
                if await !printer.isConnected { try await printer.connectAndConfigure() }
                try await printer.send(bytes)
                return true
            } catch {
                return false
            }
        }
        if !sent { logger.warning("cash drawer: the printer is not reachable, open the drawer with its key") }
    }

    /// Gives the printer back to the kernel (at shutdown, before the USB context closes).
    func close() {
        let printer = self.printer
        waitFor { await printer.disconnect() }
    }

    /// The printer's state for the shell.
    func statusText() -> String {
        let printer = self.printer
        return waitFor { () async -> String in
            do {
                if await !printer.isConnected { try await printer.connectAndConfigure() }
                return "\(try await printer.status())"
            } catch {
                return "absent (\(error))"
            }
        }
    }
}

/// Runs `body` on the concurrency pool and blocks the calling thread until it finishes.
func waitFor<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let result = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let value = await body()
        result.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return result.withLock { $0! }
}
