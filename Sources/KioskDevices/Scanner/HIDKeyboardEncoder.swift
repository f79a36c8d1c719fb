/// Types bytes as a US-layout keyboard-wedge scanner does: a press report and a release report per
/// character (shift for capitals and symbols, Ctrl+] for the GS1 group separator, as wedge scanners
/// send it), then the terminator. The simulated scanner and the USB emulator both type through it, so
/// their reads go through the same ``HIDKeyboardDecoder`` as a real scanner's.
public enum HIDKeyboardEncoder {
    /// How a read ends.
    public enum Terminator: Sendable {
        case enter
        case tab
        /// No terminator: the decoder ends the read after the gap.
        case none
    }

    /// The reports that type `text` and then `terminator`. A byte the layout cannot type (anything
    /// outside printable ASCII but the group separator) is sent as a key that types nothing, as a
    /// scanner set to another layout would: the decoder drops the read.
    public static func reports(typing text: some Sequence<UInt8>, terminator: Terminator = .enter) -> [[UInt8]] {
        var reports: [[UInt8]] = []
        for byte in text {
            let (usage, modifiers) = key(for: byte) ?? (Self.untypable, 0)
            reports.append([modifiers, 0, usage, 0, 0, 0, 0, 0])
            reports.append(release)
        }
        switch terminator {
        case .enter: reports += [[0, 0, HIDKeyboardUsage.enter, 0, 0, 0, 0, 0], release]
        case .tab: reports += [[0, 0, HIDKeyboardUsage.tab, 0, 0, 0, 0, 0], release]
        case .none: break
        }
        return reports
    }

    /// The usage and modifier byte that type `byte`, if the layout can.
    static func key(for byte: UInt8) -> (usage: UInt8, modifiers: UInt8)? {
        if byte == HIDKeyboardUsage.groupSeparator { return (HIDKeyboardUsage.rightBracket, HIDKeyboardUsage.leftControl) }
        for usage in UInt8(0x04)...UInt8(0x38) {
            if HIDKeyboardUsage.ascii(usage: usage, shifted: false) == byte { return (usage, 0) }
            if HIDKeyboardUsage.ascii(usage: usage, shifted: true) == byte { return (usage, HIDKeyboardUsage.leftShift) }
        }
        return nil
    }

    private static let release: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
    /// Caps Lock: a key that types no character.
    private static let untypable: UInt8 = 0x39
}
