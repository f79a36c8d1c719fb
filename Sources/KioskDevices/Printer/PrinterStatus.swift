/// The real-time status requests `DLE EOT n`.
public enum RealTimeStatusKind: UInt8, Sendable, CaseIterable {
    /// Online or offline, drawer pin.
    case printer = 1
    /// Why the printer is offline: cover open, paper end, error.
    case offlineCause = 2
    /// Which error: cutter, unrecoverable, auto-recoverable.
    case errorCause = 3
    /// Paper roll sensors: near end, end.
    case paperSensor = 4
}

/// What the printer last said about itself. Any byte that breaks the protocol's fixed bits makes
/// the printer count as offline: a confused printer must not receive jobs.
public struct PrinterStatus: Sendable, Equatable, CustomStringConvertible {
    /// The printer answered and is not offline.
    public var isOnline: Bool
    /// The cover (paper door) is open.
    public var isCoverOpen: Bool
    /// The paper roll is empty.
    public var isPaperOut: Bool
    /// The paper roll is nearly empty: change it soon.
    public var isPaperNearEnd: Bool
    /// The automatic cutter jammed or failed.
    public var hasCutterError: Bool
    /// An error the printer cannot recover from by itself.
    public var hasUnrecoverableError: Bool

    /// A healthy printer.
    public static let ready = PrinterStatus(
        isOnline: true, isCoverOpen: false, isPaperOut: false, isPaperNearEnd: false,
        hasCutterError: false, hasUnrecoverableError: false)

    /// A printer that did not answer, or answered nonsense.
    public static let offline = PrinterStatus(
        isOnline: false, isCoverOpen: false, isPaperOut: false, isPaperNearEnd: false,
        hasCutterError: false, hasUnrecoverableError: false)

    /// Whether a job may be sent now.
    public var canPrint: Bool { isOnline && !isCoverOpen && !isPaperOut && !hasCutterError && !hasUnrecoverableError }

    /// Why the printer cannot print, in words for a technician, or "ready".
    public var description: String {
        var problems: [String] = []
        if !isOnline { problems.append("offline") }
        if isCoverOpen { problems.append("cover open") }
        if isPaperOut { problems.append("paper out") }
        if hasCutterError { problems.append("cutter error") }
        if hasUnrecoverableError { problems.append("unrecoverable error") }
        if isPaperNearEnd { problems.append("paper near end") }
        return problems.isEmpty ? "ready" : problems.joined(separator: ", ")
    }

    /// Combines the answers to `DLE EOT 1…4` (absent answers are ignored; an absent `DLE EOT 1`
    /// or any malformed byte means offline).
    public static func fromRealTime(_ answers: [RealTimeStatusKind: UInt8]) -> PrinterStatus {
        var status = PrinterStatus.ready
        // Every DLE EOT reply has bit 0 = 0, bit 1 = 1, bit 4 = 1 and bit 7 = 0.
        for byte in answers.values where byte & 0x93 != 0x12 { return .offline }
        guard let printer = answers[.printer] else { return .offline }
        status.isOnline = printer & 0x08 == 0
        if let cause = answers[.offlineCause] {
            status.isCoverOpen = cause & 0x04 != 0
            if cause & 0x20 != 0 { status.isPaperOut = true }
        }
        if let error = answers[.errorCause] {
            status.hasCutterError = error & 0x08 != 0
            status.hasUnrecoverableError = error & 0x20 != 0
        }
        if let paper = answers[.paperSensor] {
            status.isPaperNearEnd = paper & 0x0C != 0
            if paper & 0x60 != 0 { status.isPaperOut = true }
        }
        return status
    }

    /// Reads the 4-byte automatic status back message (`GS a`), or `nil` when `bytes` is not one.
    public static func fromAutomaticStatusBack(_ bytes: [UInt8]) -> PrinterStatus? {
        guard bytes.count == 4, bytes[0] & 0x93 == 0x10,
              bytes[1...].allSatisfy({ $0 & 0x90 == 0 })
        else { return nil }
        var status = PrinterStatus.ready
        status.isOnline = bytes[0] & 0x08 == 0
        status.isCoverOpen = bytes[0] & 0x20 != 0
        status.hasCutterError = bytes[1] & 0x08 != 0
        status.hasUnrecoverableError = bytes[1] & 0x20 != 0
        status.isPaperNearEnd = bytes[2] & 0x03 != 0
        status.isPaperOut = bytes[2] & 0x0C != 0
        return status
    }

    /// Reads the answer to `GS r 1` (paper sensor): `nil` when the byte is not one.
    public static func fromPaperSensor(_ byte: UInt8) -> PrinterStatus? {
        guard byte & 0x90 == 0 else { return nil }
        var status = PrinterStatus.ready
        status.isPaperNearEnd = byte & 0x03 != 0
        status.isPaperOut = byte & 0x0C != 0
        return status
    }
}
