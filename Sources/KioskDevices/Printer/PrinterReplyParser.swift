/// Sorts the bytes a printer sends back into the replies they are. With automatic status back
/// on, unsolicited 4-byte status messages can arrive between the answers to `DLE EOT` and
/// `GS r`; their bit patterns tell them apart:
/// `DLE EOT` answers are `0xx1xx10`, an automatic status message starts `0xx1xx00` and its
/// other three bytes and `GS r 1` answers are `0xx0xxxx`.
public struct PrinterReplyParser: Sendable {
    /// One reply.
    public enum Reply: Sendable, Equatable {
        /// An answer to `DLE EOT n`.
        case realTime(UInt8)
        /// A complete automatic status back message.
        case automaticStatus(PrinterStatus)
        /// An answer to `GS r 1`.
        case paperSensor(UInt8)
        /// A byte that fits no reply: line noise or a confused printer.
        case unrecognised(UInt8)
    }

    private var automaticStatusBytes: [UInt8] = []

    /// A parser at the start of a reply.
    public init() {}

    /// The replies completed by `bytes`.
    public mutating func consume(_ bytes: [UInt8]) -> [Reply] {
        var replies: [Reply] = []
        for byte in bytes {
            if !automaticStatusBytes.isEmpty {
                guard byte & 0x90 == 0 else {
                    automaticStatusBytes = []
                    replies.append(.unrecognised(byte))
                    continue
                }
                automaticStatusBytes.append(byte)
                if automaticStatusBytes.count == 4 {
                    if let status = PrinterStatus.fromAutomaticStatusBack(automaticStatusBytes) {
                        replies.append(.automaticStatus(status))
                    }
                    automaticStatusBytes = []
                }
            } else if byte & 0x93 == 0x12 {
                replies.append(.realTime(byte))
            } else if byte & 0x93 == 0x10 {
                automaticStatusBytes = [byte]
            } else if byte & 0x90 == 0 {
                replies.append(.paperSensor(byte))
            } else {
                replies.append(.unrecognised(byte))
            }
        }
        return replies
    }
}
