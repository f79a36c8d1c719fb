/// What the scanner said about a read's symbology (its AIM identifier), as the classifier needs it.
/// It reaches the engine typed, from the scanner's decoder, on the hardware and simulated paths alike.
public enum ScanSymbology: UInt8, Sendable, Hashable {
    /// No identifier came with the read: the classifier judges from the content (a `]C1` prefix, a group
    /// separator, `(01)`…).
    case unknown = 0
    /// A GS1 symbology (GS1-128 `]C1`, GS1 DataBar `]e0`, GS1 DataMatrix `]d2`, GS1 QR `]Q3`): the
    /// content is GS1 element strings.
    case gs1 = 1
    /// Another symbology (EAN/UPC, Code 128, QR…): the content is taken as it is.
    case other = 2
}
