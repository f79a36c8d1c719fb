/// A receipt printer that exists only in memory: it interprets the bytes a driver sends,
/// answers status requests from its simulated state, and holds finished receipts while it
/// cannot print (paper out, cover open), releasing them when it can again.
public struct SimulatedPrinter: Sendable {
    /// Paper, cover and drawer as the status bytes report them.
    public private(set) var state: SimulatedPrinterState
    /// Receipts that came out of the printer, in order.
    public private(set) var printedReceipts: [ESCPOSReceipt] = []
    /// Receipts received while the printer could not print; they come out when it can.
    public private(set) var heldReceipts: [ESCPOSReceipt] = []
    /// Every `ESC p` pulse, in order, whether or not its receipt has come out yet.
    public private(set) var drawerKickCount = 0
    private var interpreter: ESCPOSInterpreter
    /// Whether the host switched automatic status back on (`GS a`): the printer then sends a message of
    /// its own whenever its state changes.
    public private(set) var sendsAutomaticStatus = false
    /// The automatic status message sent since the host last read, if any (it comes before the next
    /// replies; a newer one replaces it, so the printer holds at most one).
    private var unreadMessages: [UInt8] = []

    /// Dots across the paper: 384 for 58 mm, 576 for 80 mm.
    public let paperWidthDots: Int

    /// A printer for paper `paperWidthDots` wide, in `state`; see `ESCPOSInterpreter.init`.
    public init(
        paperWidthDots: Int, state: SimulatedPrinterState = SimulatedPrinterState(), chineseModeAtPowerOn: Bool = false
    ) {
        self.paperWidthDots = paperWidthDots
        self.state = state
        self.interpreter = ESCPOSInterpreter(chineseModeAtPowerOn: chineseModeAtPowerOn, printAreaDots: paperWidthDots)
    }

    /// Takes bytes from the host; returns the status bytes the printer sends back, one per
    /// request, in order. A printer that is not `online` takes nothing and answers nothing.
    public mutating func receive(_ bytes: [UInt8]) -> [UInt8] {
        guard state.online else { return [] }
        var replies = unreadMessages
        unreadMessages = []
        for event in interpreter.feed(bytes) {
            switch event {
            case .statusRequested(let request):
                replies.append(state.statusByte(for: request))
            case .automaticStatusBack(let mask):
                sendsAutomaticStatus = mask != 0
                // An Epson printer answers the switch with its status at once.
                if sendsAutomaticStatus { replies += state.automaticStatusMessage }
            case .receiptCompleted(let receipt):
                drawerKickCount += receipt.elements.filter { if case .drawerKick = $0 { true } else { false } }.count
                if state.canPrint {
                    printedReceipts.append(receipt)
                } else {
                    heldReceipts.append(receipt)
                }
            }
        }
        return replies
    }

    /// Changes paper, cover, drawer or power; held receipts print as soon as the printer can.
    public mutating func update(_ change: (inout SimulatedPrinterState) -> Void) {
        let before = state
        change(&state)
        if sendsAutomaticStatus, state != before, state.online { unreadMessages = state.automaticStatusMessage }
        if state.canPrint && !heldReceipts.isEmpty {
            printedReceipts += heldReceipts
            heldReceipts.removeAll()
        }
    }
}
