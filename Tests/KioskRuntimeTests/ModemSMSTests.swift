import Foundation
import Glibc
import KioskEngine
import KioskShell
import Logging
import Testing
@testable import KioskHardware

/// The other end of a PTY, answering like a USB 4G modem in text mode: it echoes each command, answers
/// `OK`, gives the `> ` prompt to `AT+CMGS` and takes the text up to Ctrl-Z.
final class ModemPeer: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var stopped = false
    private var commandsSeen: [String] = []
    private var textsSeen: [(number: String, hex: String)] = []
    /// The line answering a sent message: `+CMGS: n` (then OK), or an error.
    let sendAnswer: String
    private let finished = DispatchSemaphore(value: 0)

    init(fd: Int32, sendAnswer: String = "+CMGS: 17") {
        self.fd = fd
        self.sendAnswer = sendAnswer
        Thread.detachNewThread { self.serve() }
    }

    var commands: [String] { lock.withLock { commandsSeen } }
    var texts: [(number: String, hex: String)] { lock.withLock { textsSeen } }

    func stop() {
        lock.withLock { stopped = true }
        finished.wait()
    }

    private func reply(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private func serve() {
        defer { finished.signal() }
        var pending: [UInt8] = []
        var number: String?
        while !lock.withLock({ stopped }) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { continue }
            pending.append(contentsOf: buffer[..<count])
            while true {
                if let waiting = number {
                    guard let end = pending.firstIndex(of: 0x1A) else { break }
                    let hex = String(decoding: pending[..<end], as: UTF8.self)
                    pending.removeSubrange(...end)
                    lock.withLock { textsSeen.append((waiting, hex)) }
                    number = nil
                    reply(sendAnswer.hasPrefix("+CMGS") ? "\r\n\(sendAnswer)\r\n\r\nOK\r\n" : "\r\n\(sendAnswer)\r\n")
                    continue
                }
                guard let end = pending.firstIndex(of: 0x0D) else { break }
                let command = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                lock.withLock { commandsSeen.append(command) }
                reply(command + "\r")
                if command.hasPrefix("AT+CMGS=\"") {
                    number = String(command.dropFirst(9).dropLast())
                    reply("\r\n> ")
                } else {
                    reply("\r\nOK\r\n")
                }
            }
        }
    }
}

@Suite("A USB 4G modem sends parcel messages in UCS-2 text mode")
struct ModemSMSTests {
    static func decodeUCS2(_ hex: String) -> String {
        let digits = Array(hex)
        var units: [UInt16] = []
        var index = 0
        while index + 4 <= digits.count {
            units.append(UInt16(String(digits[index..<index + 4]), radix: 16) ?? 0)
            index += 4
        }
        return String(decoding: units, as: UTF16.self)
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test("a Chinese message reaches the modem as UCS-2 hex after text mode and the UCS2 character set are set")
    func chineseMessageSent() throws {
        let terminal = try PseudoTerminal.open()
        defer { close(terminal.masterFD); close(terminal.heldClientFD) }
        let peer = ModemPeer(fd: terminal.masterFD)
        let port = ATModemSMSPort(path: terminal.clientPath, logger: Self.logger, answerTimeoutMs: 2_000, sendTimeoutMs: 2_000)
        let text = "【幸福村站】您的中通快递已到，取件码2504188，请3天内来取。"
        let sent = port.send(ShortMessage(phone: "13800001234", text: text), key: "sms:parcel:1:arrived", nowMs: 0)
        peer.stop()
        #expect(sent)
        #expect(Array(peer.commands.prefix(4)) == ["AT", "AT+CMGF=1", "AT+CSCS=\"UCS2\"", "AT+CSMP=17,167,0,8"])
        let message = try #require(peer.texts.first)
        #expect(Self.decodeUCS2(message.number) == "13800001234")
        #expect(Self.decodeUCS2(message.hex) == text)
        #expect(ATModemSMSPort.ucs2Hex("你好") == "4F60597D")
    }

    @Test("a text longer than one message goes as several, each at most 70 UCS-2 units")
    func longMessageSplit() throws {
        let terminal = try PseudoTerminal.open()
        defer { close(terminal.masterFD); close(terminal.heldClientFD) }
        let peer = ModemPeer(fd: terminal.masterFD)
        let port = ATModemSMSPort(path: terminal.clientPath, logger: Self.logger, answerTimeoutMs: 2_000, sendTimeoutMs: 2_000)
        let text = String(repeating: "快递到了请来取", count: 15)
        #expect(port.send(ShortMessage(phone: "13800001234", text: text), key: "k", nowMs: 0))
        peer.stop()
        #expect(peer.texts.count == 2)
        #expect(peer.texts.allSatisfy { $0.hex.count / 4 <= ATModemSMSPort.unitsPerMessage })
        #expect(peer.texts.map { Self.decodeUCS2($0.hex) }.joined() == text)
    }

    @Test("a network refusal is a failed send, tried again later")
    func refusalFails() throws {
        let terminal = try PseudoTerminal.open()
        defer { close(terminal.masterFD); close(terminal.heldClientFD) }
        let peer = ModemPeer(fd: terminal.masterFD, sendAnswer: "+CMS ERROR: 500")
        let port = ATModemSMSPort(path: terminal.clientPath, logger: Self.logger, answerTimeoutMs: 2_000, sendTimeoutMs: 2_000)
        let sent = port.send(ShortMessage(phone: "13800001234", text: "取件码 2504188"), key: "k", nowMs: 0)
        peer.stop()
        #expect(!sent)
        #expect(!ATModemSMSPort(path: "/nonexistent/ttyUSB9", logger: Self.logger).send(
            ShortMessage(phone: "13800001234", text: "x"), key: "k", nowMs: 0))
    }
}
