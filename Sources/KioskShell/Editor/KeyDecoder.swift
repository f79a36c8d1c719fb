/// Turns raw terminal bytes into ``Key``s.
///
/// Decodes the ANSI CSI (`ESC [ … final`) and SS3 (`ESC O x`) sequences terminals send for arrows,
/// Home, End and Delete, and UTF-8 (a technician types Chinese into a UTF-8 terminal), and drops
/// everything else a noisy line can carry: NULs, other control bytes, malformed or unprintable UTF-8,
/// unknown or overlong escape sequences. Its state is a few bytes, so no input can make it grow.
public struct KeyDecoder: Sendable {
    /// The longest CSI parameter string kept; a longer one is noise and is dropped whole.
    public static let maxParameterBytes = 8

    private enum State: Equatable, Sendable {
        case ground
        case escape
        case controlSequence
        case singleShift
        case overlongControlSequence
        /// Inside a UTF-8 sequence of this many bytes.
        case utf8(length: Int)
    }

    private var state = State.ground
    private var parameters: [UInt8] = []
    private var utf8: [UInt8] = []
    private var lastWasCarriageReturn = false

    public init() {
        parameters.reserveCapacity(Self.maxParameterBytes)
        utf8.reserveCapacity(4)
    }

    /// Feeds one byte; returns the key it completes, if any.
    public mutating func decode(_ byte: UInt8) -> Key? {
        let followsCarriageReturn = lastWasCarriageReturn
        lastWasCarriageReturn = false
        switch state {
        case .ground:
            return decodeGround(byte, followsCarriageReturn: followsCarriageReturn)
        case .escape:
            switch byte {
            case 0x5B: state = .controlSequence; parameters.removeAll(keepingCapacity: true)
            case 0x4F: state = .singleShift
            case 0x1B: state = .escape
            default: state = .ground
            }
            return nil
        case .singleShift:
            state = .ground
            return finalKey(byte)
        case .controlSequence, .overlongControlSequence:
            return decodeControlSequence(byte)
        case .utf8(let length):
            guard (0x80...0xBF).contains(byte) else {
                // The sequence broke off: it is dropped, and this byte read afresh.
                state = .ground
                return decodeGround(byte, followsCarriageReturn: followsCarriageReturn)
            }
            utf8.append(byte)
            guard utf8.count == length else { return nil }
            state = .ground
            var bytes = utf8.makeIterator()
            var decoder = Unicode.UTF8()
            // The decoder refuses overlong forms, surrogates and values past U+10FFFF.
            guard case .scalarValue(let scalar) = decoder.decode(&bytes), TerminalWidth.isPrintable(scalar) else {
                return nil
            }
            return .character(scalar)
        }
    }

    private mutating func startUTF8(_ byte: UInt8, length: Int) -> Key? {
        utf8.removeAll(keepingCapacity: true)
        utf8.append(byte)
        state = .utf8(length: length)
        return nil
    }

    private mutating func decodeGround(_ byte: UInt8, followsCarriageReturn: Bool) -> Key? {
        switch byte {
        case 0x0D:
            lastWasCarriageReturn = true
            return .enter
        case 0x0A: return followsCarriageReturn ? nil : .enter
        case 0x1B: state = .escape; return nil
        case 0x7F, 0x08: return .backspace
        case 0x09: return .tab
        case 0x03: return .interrupt
        case 0x04: return .endOfTransmission
        case 0x01: return .home
        case 0x05: return .end
        case 0x02: return .left
        case 0x06: return .right
        case 0x10: return .up
        case 0x0E: return .down
        case 0x15: return .eraseToStart
        case 0x0B: return .eraseToEnd
        case 0x20...0x7E: return .character(Unicode.Scalar(byte))
        case 0xC2...0xDF: return startUTF8(byte, length: 2)
        case 0xE0...0xEF: return startUTF8(byte, length: 3)
        case 0xF0...0xF4: return startUTF8(byte, length: 4)
        default: return nil
        }
    }

    private mutating func decodeControlSequence(_ byte: UInt8) -> Key? {
        switch byte {
        case 0x30...0x3F, 0x20...0x2F:
            if parameters.count < Self.maxParameterBytes {
                parameters.append(byte)
            } else {
                state = .overlongControlSequence
            }
            return nil
        case 0x40...0x7E:
            let wasOverlong = state == .overlongControlSequence
            state = .ground
            if wasOverlong { return nil }
            if byte == 0x7E { return tildeKey() }
            return parameters.isEmpty ? finalKey(byte) : nil
        case 0x1B:
            state = .escape
            return nil
        default:
            state = .ground
            return nil
        }
    }

    private func finalKey(_ byte: UInt8) -> Key? {
        switch byte {
        case 0x41: .up
        case 0x42: .down
        case 0x43: .right
        case 0x44: .left
        case 0x48: .home
        case 0x46: .end
        default: nil
        }
    }

    private func tildeKey() -> Key? {
        switch parameters {
        case [0x31], [0x37]: .home
        case [0x34], [0x38]: .end
        case [0x33]: .delete
        default: nil
        }
    }
}
