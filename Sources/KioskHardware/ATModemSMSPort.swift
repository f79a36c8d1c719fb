import Glibc
import KioskEngine
import Logging

/// Text messages through a USB 4G modem's AT-command tty (`/dev/ttyUSB2` on most Quectel and SIMCom
/// sticks), in text mode with UCS-2 so Chinese goes through: `AT+CMGF=1`, `AT+CSCS="UCS2"`,
/// `AT+CSMP=17,167,0,8`, then `AT+CMGS="<number in UCS-2 hex>"`, the `> ` prompt, the text in UCS-2 hex
/// and Ctrl-Z; `+CMGS: n` and `OK` say the network took it.
///
/// Blocking: its calls run on the message worker's own queue, never on the station's loop. The tty is
/// opened for each message and closed after, so a modem replugged between messages is found again.
public final class ATModemSMSPort: SMSPort, @unchecked Sendable {
    /// UCS-2 units one message carries; a longer text goes as several messages.
    public static let unitsPerMessage = 70
    private let path: String
    private let logger: Logger
    /// How long each command waits for the modem's answer; sending waits `sendTimeoutMs`.
    private let answerTimeoutMs: Int32
    private let sendTimeoutMs: Int32

    public init(path: String, logger: Logger, answerTimeoutMs: Int32 = 5_000, sendTimeoutMs: Int32 = 60_000) {
        self.path = path
        self.logger = logger
        self.answerTimeoutMs = answerTimeoutMs
        self.sendTimeoutMs = sendTimeoutMs
    }

    public func send(_ message: ShortMessage, key: String, nowMs: Int64) -> Bool {
        let fd = open(path, O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            logger.warning("modem: cannot open its tty", metadata: ["tty": "\(path)", "errno": "\(errno)"])
            return false
        }
        defer { close(fd) }
        Self.makeRaw(fd)
        var session = ModemSession(fd: fd)
        do {
            for command in ["AT", "AT+CMGF=1", "AT+CSCS=\"UCS2\"", "AT+CSMP=17,167,0,8"] {
                try session.command(command, timeoutMs: answerTimeoutMs)
            }
            for part in Self.parts(of: message.text) {
                try session.write("AT+CMGS=\"\(Self.ucs2Hex(message.phone))\"\r")
                try session.waitFor(prompt: true, timeoutMs: answerTimeoutMs)
                try session.write(Self.ucs2Hex(part) + "\u{1A}")
                try session.waitFor(prompt: false, timeoutMs: sendTimeoutMs)
            }
            return true
        } catch {
            // The number is the villager's: the key says which message it was.
            logger.warning("modem: the message was not sent", metadata: ["message": "\(key)", "reason": "\(error)"])
            return false
        }
    }

    /// `text` as UTF-16 code units in upper-case hex, 4 digits each (`你` → `4F60`).
    public static func ucs2Hex(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF")
        var hex = ""
        for unit in text.utf16 {
            for shift in stride(from: 12, through: 0, by: -4) { hex.append(digits[Int(unit >> UInt16(shift)) & 0xF]) }
        }
        return hex
    }

    /// `text` cut into messages of at most ``unitsPerMessage`` UTF-16 units, never inside a surrogate pair.
    static func parts(of text: String) -> [String] {
        var parts: [String] = [], current = "", units = 0
        for character in text {
            let size = character.utf16.count
            if units + size > unitsPerMessage, !current.isEmpty {
                parts.append(current)
                current = ""
                units = 0
            }
            current.append(character)
            units += size
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    private static func makeRaw(_ fd: Int32) {
        var mode = termios()
        guard tcgetattr(fd, &mode) == 0 else { return }
        cfmakeraw(&mode)
        cfsetispeed(&mode, speed_t(B115200))
        cfsetospeed(&mode, speed_t(B115200))
        _ = tcsetattr(fd, TCSANOW, &mode)
    }
}

/// Why the modem did not take a message.
enum ModemError: Error, CustomStringConvertible {
    case writeFailed(Int32)
    case noAnswer
    case refused(String)

    var description: String {
        switch self {
        case .writeFailed(let code): "write failed (errno \(code))"
        case .noAnswer: "no answer in time"
        case .refused(let line): "the modem answered \(line)"
        }
    }
}

/// One conversation with the modem: commands written, its answer lines read until a final one.
private struct ModemSession {
    let fd: Int32
    private var pending: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
    }

    func write(_ text: String) throws(ModemError) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw .writeFailed(errno) }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Sends `command` and waits for `OK`.
    mutating func command(_ command: String, timeoutMs: Int32) throws(ModemError) {
        try write(command + "\r")
        try waitFor(prompt: false, timeoutMs: timeoutMs)
    }

    /// Reads answer lines until `OK` (or the `> ` prompt, with `prompt`); `ERROR`, `+CMS ERROR: n` or
    /// `+CME ERROR: n` throw. Echoed commands and unsolicited lines are skipped.
    mutating func waitFor(prompt: Bool, timeoutMs: Int32) throws(ModemError) {
        while true {
            if prompt, let index = pending.firstIndex(of: UInt8(ascii: ">")) {
                pending.removeSubrange(...index)
                return
            }
            if let end = pending.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                if line == "OK" { return }
                if line == "ERROR" || line.hasPrefix("+CMS ERROR") || line.hasPrefix("+CME ERROR") { throw .refused(line) }
                continue
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, timeoutMs) > 0 else { throw .noAnswer }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { throw .noAnswer }
            pending.append(contentsOf: buffer[..<count])
        }
    }
}
