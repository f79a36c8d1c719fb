import KioskCore

/// One thing that happened at the counter, before the engine turns it into core events.
public enum StationInput: Sendable, Equatable {
    /// A scanner read: a product, a payment code or a command barcode (AIM prefix allowed).
    case scan([UInt8])
    /// A keypad key by its name on the board (`KP_5`, `F1`, `KP_Enter`…), or a digit `0`…`9`.
    case key(String)
    /// Cash handed over, in fen.
    case cash(fen: Int64)
    /// A core action given directly (the shell, tests, scenario steps).
    case action(CoreAction)
    /// The printer came back (paper in, cover closed, plugged in): print what is held.
    case printerReady
}
