import KioskBoard
import KioskCore
import KioskRuntime
import KioskEngine
import KioskSimulator

/// The text of `kiosk boards show`: every resolved value, then the memory the limits reserve.
struct BoardReport {
    let board: Board

    var text: String {
        get throws {
            var lines: [String] = []
            lines.append("board       \(board.name) — \(board.description)")
            lines.append("vendor      \(board.vendor)")
            lines.append("devices")
            for device in board.devices {
                lines.append("  \(device.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(device.deviceProtocol.rawValue), \(connection(device.connection))")
                if let printer = device.printer {
                    lines.append("           paper \(printer.paperWidthDots) dots / \(printer.columns) columns, code page \(printer.codePage.rawValue), FS & \(printer.chineseModeCommands ? "on" : "off"), cutter \(printer.hasCutter ? "yes" : "no"), status back \(printer.automaticStatusBack ? "yes" : "no")")
                }
                if let scanner = device.scanner {
                    lines.append("           read gap \(scanner.readGapMs) ms, debounce \(scanner.debounceWindowMs) ms")
                }
                if let drawer = device.drawer {
                    lines.append("           pin \(drawer.pin), pulse \(drawer.pulseMs) ms")
                }
                for (key, action) in device.keyMap.sorted(by: { $0.key < $1.key }) {
                    lines.append("           \(key) → \(action.rawValue)")
                }
            }
            let limits = board.limits
            lines.append("limits")
            lines.append("  max_open_orders       \(limits.maxOpenOrders)")
            lines.append("  max_lines_per_order   \(limits.maxLinesPerOrder)")
            lines.append("  max_pending_payments  \(limits.maxPendingPayments)")
            lines.append("  max_credit_accounts   \(limits.maxCreditAccounts)")
            lines.append("  print_queue_depth     \(limits.printQueueDepth)")
            lines.append("  shell_history         \(limits.shellHistory)")
            lines.append("  max_scan_length       \(limits.maxScanLength)")
            lines.append("  backups_kept          \(limits.backupsKept)")
            lines.append("  shell_idle_timeout_s  \(limits.shellIdleTimeoutS)")
            lines.append("  max_cash_tender_yuan  \(limits.maxCashTenderYuan)")
            let coreLimits = try CoreLimits(board: board)
            lines.append("reserved at boot")
            lines.append("  state machine         \(coreLimits.reservedBytes) bytes (\(kibibytes(coreLimits.reservedBytes)))")
            lines.append("station")
            lines.append("  id                    \(board.station.stationID)")
            lines.append("  receipt header        \(board.station.receiptHeader)")
            lines.append("  locale                \(board.station.locale.rawValue)")
            lines.append("shell                 \(shell(board.shell))")
            return lines.joined(separator: "\n")
        }
    }

    private func connection(_ connection: DeviceConnection) -> String {
        switch connection {
        case .usb(let id, let interface): return "USB \(id) interface \(interface)"
        case .serial(let path): return "serial \(path)"
        case .printerPort: return "on the printer's drawer port"
        case .simulated: return "simulated"
        }
    }

    private func shell(_ transport: ShellTransport) -> String {
        switch transport {
        case .serial(let path, let baud): return "serial \(path) at \(baud) baud, 8N1"
        case .pty: return "a PTY (its /dev/pts path is printed at start)"
        case .none: return "none"
        }
    }

    private func kibibytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 512) / 1024
        return "\(tenths / 10).\(tenths % 10) KiB"
    }
}
