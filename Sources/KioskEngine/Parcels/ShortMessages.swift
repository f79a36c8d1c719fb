import Dispatch

/// A text message to a villager's phone.
public struct ShortMessage: Sendable, Equatable {
    /// The full number: kept only in the outbox row that sends it, never in a listing or a log.
    public var phone: String
    public var text: String

    public init(phone: String, text: String) {
        self.phone = phone
        self.text = text
    }

    /// The outbox payload: the number, a line feed, the text (UTF-8).
    public var payload: [UInt8] { Array(phone.utf8) + [0x0A] + Array(text.utf8) }

    public init?(payload: [UInt8]) {
        guard let split = payload.firstIndex(of: 0x0A) else { return nil }
        self.init(phone: String(decoding: payload[..<split], as: UTF8.self),
                  text: String(decoding: payload[(split + 1)...], as: UTF8.self))
    }

    /// The outbox kind of a message.
    public static let outboxKind = "sms"
}

/// Sends text messages: a USB 4G modem (``ATModemSMSPort``) or the simulated one.
public protocol SMSPort: AnyObject {
    /// Sends `message`; true when the network took it. `key` is the message's idempotency key: a port
    /// that can (the simulated one) sends a repeated key once.
    func send(_ message: ShortMessage, key: String, nowMs: Int64) -> Bool
}

/// Carries ``WorkItem/sendMessage(_:outboxKey:)`` out through an ``SMSPort`` and reports it done, or
/// failed (tried again after ``retryDelayMs``).
public final class MessageWorker: EffectWorker, @unchecked Sendable {
    public static let retryDelayMs: Int64 = 60_000
    private let port: any SMSPort
    private let placement: GatewayWorker.Placement
    private let queue = DispatchQueue(label: "kiosk.sms")

    /// `placement` as for the gateway: inline in a simulation, off the loop for a modem (a send takes seconds).
    public init(port: any SMSPort, placement: GatewayWorker.Placement) {
        self.port = port
        self.placement = placement
    }

    public func start(_ work: WorkItem, nowMs: Int64, reports: any WorkReports) {
        guard case .sendMessage(let message, let outboxKey) = work else {
            preconditionFailure("other work reached the message worker: \(work)")
        }
        switch placement {
        case .inline:
            let (input, atMs) = outcome(port.send(message, key: outboxKey, nowMs: nowMs), work, outboxKey, nowMs)
            reports.report(input, atMs: atMs)
        case .offLoop(let hop):
            let sink = UncheckedSendable(reports)
            queue.async {
                let sent = self.port.send(message, key: outboxKey, nowMs: nowMs)
                let (input, atMs) = self.outcome(sent, work, outboxKey, nowMs)
                hop { loopMs in sink.value.report(input, atMs: max(atMs, loopMs)) }
            }
        }
    }

    private func outcome(_ sent: Bool, _ work: WorkItem, _ key: String, _ nowMs: Int64) -> (StationInput, Int64) {
        sent ? (.effectDone(outboxKey: key), nowMs) : (.workFailed(work), nowMs + Self.retryDelayMs)
    }
}
