/// The physical state of a simulated printer, as its status bytes report it.
public struct SimulatedPrinterState: Sendable, Equatable {
    /// False when the printer is switched off or its USB link is down.
    public var online = true
    public var paperOut = false
    public var paperNearEnd = false
    public var coverOpen = false
    /// Whether the drawer switch (connector pin 3) reads open.
    public var drawerOpen = false

    /// A healthy printer with paper.
    public init() {}

    /// The printer prints only when online, with paper, and the cover shut.
    public var canPrint: Bool { online && !paperOut && !coverOpen }

    /// The 4-byte automatic status back message (`GS a`) for this state, in the Epson layout: first byte
    /// `0xx1xx00` with offline and cover bits, then errors, paper (near end, out) and a spare byte.
    public var automaticStatusMessage: [UInt8] {
        [0x10 | (online ? 0 : 0x08) | (coverOpen ? 0x20 : 0), 0x00,
         (paperNearEnd ? 0x03 : 0) | (paperOut ? 0x0C : 0), 0x00]
    }

    /// The byte answering `request`, following the Epson ESC/POS bit layout
    /// (bits 1 and 4 of `DLE EOT` answers are always set).
    public func statusByte(for request: ESCPOSStatusRequest) -> UInt8 {
        switch request {
        case .transmitStatus(1):
            return 0x12 | (drawerOpen ? 0x04 : 0) | (canPrint ? 0 : 0x08)
        case .transmitStatus(2):
            return 0x12 | (coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (canPrint ? 0 : 0x40)
        case .transmitStatus(3):
            return 0x12
        case .transmitStatus(4):
            return 0x12 | (paperNearEnd ? 0x0C : 0) | (paperOut ? 0x60 : 0)
        case .transmitStatus:
            return 0x12
        case .paperSensor:
            return (paperNearEnd ? 0x03 : 0) | (paperOut ? 0x0C : 0)
        case .drawerSensor:
            return drawerOpen ? 0x01 : 0
        }
    }
}
