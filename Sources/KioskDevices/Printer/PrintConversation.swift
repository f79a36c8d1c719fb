/// One job's conversation with an ESC/POS printer, as bytes and nothing else (no I/O): ask `DLE EOT 1…4`
/// one at a time, print only when the answers say the printer can, then send the job with `GS r 1` after
/// it, whose answer — given only once everything before it is processed — confirms the job.
///
/// The same conversation runs over USB (``USBPrinter/print(_:)``) and against the simulated printer, so
/// status handling and confirmation are one code path. A driver loops: send ``nextOutput()`` while there
/// is one, else read and pass what came to ``receive(_:)`` (or ``noReply()`` when a read timed out),
/// until ``outcome`` is set.
public struct PrintConversation: Sendable {
    /// How a conversation ended.
    public enum Outcome: Sendable, Equatable {
        /// The printer confirmed the job; its paper sensor said this.
        case printed(PrinterStatus)
        /// The job was not sent: the printer cannot print (paper out, cover open, offline, silent).
        case held(PrinterStatus)
        /// Only the status was asked for (``statusOnly()``).
        case status(PrinterStatus)
    }

    private enum Stage: Sendable {
        case asking(index: Int, awaiting: Bool)
        case sendingJob
        case confirming
        case finished
    }

    private let job: [UInt8]?
    private let printerAnswers: Bool
    private var stage: Stage
    private var answers: [RealTimeStatusKind: UInt8] = [:]
    private var parser = PrinterReplyParser()
    /// The last automatic status back message seen (`GS a`), if the printer sends them.
    public private(set) var automaticStatus: PrinterStatus?
    /// How the conversation ended; nil while it goes on.
    public private(set) var outcome: Outcome?

    /// A conversation that prints `job`. A printer with no way to answer (`printerAnswers` false: no
    /// bulk IN endpoint) counts as ready, and its job as printed once sent.
    public init(printing job: [UInt8], printerAnswers: Bool = true) {
        self.job = job
        self.printerAnswers = printerAnswers
        stage = printerAnswers ? .asking(index: 0, awaiting: false) : .sendingJob
    }

    private init(statusFrom printerAnswers: Bool) {
        job = nil
        self.printerAnswers = printerAnswers
        stage = printerAnswers ? .asking(index: 0, awaiting: false) : .finished
        if !printerAnswers { outcome = .status(.ready) }
    }

    /// A conversation that only asks the printer's status.
    public static func statusOnly(printerAnswers: Bool = true) -> PrintConversation {
        PrintConversation(statusFrom: printerAnswers)
    }

    /// Whether the conversation waits for the printer to answer.
    public var awaitsReply: Bool {
        switch stage {
        case .asking(_, let awaiting): awaiting
        case .confirming: printerAnswers
        case .sendingJob, .finished: false
        }
    }

    /// The bytes to send now, or nil when the conversation waits for an answer or is over.
    public mutating func nextOutput() -> [UInt8]? {
        switch stage {
        case .asking(let index, false):
            stage = .asking(index: index, awaiting: true)
            return ESCPOSEncoder.realTimeStatusRequest(RealTimeStatusKind.allCases[index])
        case .sendingJob:
            guard let job else { return nil }
            if printerAnswers {
                stage = .confirming
            } else {
                stage = .finished
                outcome = .printed(.ready)
            }
            return job + ESCPOSEncoder.paperStatusRequest
        case .asking, .confirming, .finished:
            return nil
        }
    }

    /// Takes bytes the printer sent back. Automatic status messages are kept apart; a byte that is no
    /// reply ends the conversation as offline.
    public mutating func receive(_ bytes: [UInt8]) {
        for reply in parser.consume(bytes) {
            guard outcome == nil else { return }
            switch (reply, stage) {
            case (.automaticStatus(let status), _):
                automaticStatus = status
            case (.realTime(let byte), .asking(let index, true)):
                answers[RealTimeStatusKind.allCases[index]] = byte
                if index + 1 < RealTimeStatusKind.allCases.count {
                    stage = .asking(index: index + 1, awaiting: false)
                } else {
                    decide(PrinterStatus.fromRealTime(answers))
                }
            case (.paperSensor(let byte), .confirming):
                stage = .finished
                outcome = PrinterStatus.fromPaperSensor(byte).map(Outcome.printed) ?? .held(.offline)
            default:
                stage = .finished
                outcome = .held(.offline)
            }
        }
    }

    /// The printer did not answer in time: while asking its status it is offline (the job is not sent);
    /// while confirming, the job's fate is unknown and it counts as held, to be sent again.
    public mutating func noReply() {
        guard outcome == nil else { return }
        stage = .finished
        outcome = .held(.offline)
    }

    private mutating func decide(_ status: PrinterStatus) {
        guard job != nil else {
            stage = .finished
            outcome = .status(status)
            return
        }
        if status.canPrint {
            stage = .sendingJob
        } else {
            stage = .finished
            outcome = .held(status)
        }
    }
}
