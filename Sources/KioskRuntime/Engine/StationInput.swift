import KioskCore

/// One thing that happened at the counter or came back from a worker, before the engine turns it into
/// core events.
public enum StationInput: Sendable, Equatable {
    /// A scanner read: a product, a payment code or a command barcode (AIM prefix allowed).
    case scan([UInt8])
    /// A keypad key by its name on the board (`KP_5`, `F1`, `KP_Enter`…), or a digit `0`…`9`.
    case key(String)
    /// Cash handed over, in fen.
    case cash(fen: Int64)
    /// A core action given directly (the shell, tests, scenario steps, a gateway's answer).
    case action(CoreAction)
    /// The printer came back (paper in, cover closed, plugged in): print what is held.
    case printerReady
    /// The printer confirmed print job `jobID`.
    case printed(jobID: Int64)
    /// The printer held print job `jobID` (paper out, cover open, offline); it prints when the printer is ready.
    case printHeld(jobID: Int64, PrinterHold)
    /// The effect committed as outbox row `outboxKey` was carried out.
    case effectDone(outboxKey: String)
    /// A worker could not carry `work` out (the acquirer unreachable): the engine tries again later.
    case workFailed(WorkItem)
}
