/// A receipt printer that exists only in memory: it interprets the bytes a driver sends,
/// answers status requests from its simulated state, and holds finished receipts while it
/// cannot print (paper out, cover open), releasing them when it can again.
///
/// It runs as long as the station does (months), so it counts the receipts that came out and keeps
/// only the newest ``keptReceipts`` of them: its memory does not grow with the paper it has printed.
public struct SimulatedPrinter: Sendable {
    /// Paper, cover and drawer as the status bytes report them.
    public private(set) var state: SimulatedPrinterState
    /// How many receipts have come out of the printer.
    public private(set) var printedCount = 0
    /// The newest receipts that came out of the printer (at most ``keptReceipts``), oldest first.
    public private(set) var recentReceipts: [ESCPOSReceipt] = []
    /// How many of the receipts that came out ``recentReceipts`` keeps.
    public static let keptReceipts = 16
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
                    takeOut(receipt)
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
            for receipt in heldReceipts { takeOut(receipt) }
            heldReceipts.removeAll()
        }
    }

    /// A receipt comes out: counted, and kept among the newest.
    private mutating func takeOut(_ receipt: ESCPOSReceipt) {
        printedCount += 1
        if recentReceipts.count == Self.keptReceipts { recentReceipts.removeFirst() }
        recentReceipts.append(receipt)
        assert(recentReceipts.count <= Self.keptReceipts)
    }
}
