/// One keystroke, as the line editor understands it after escape sequences are decoded.
public enum Key: Equatable, Sendable {
    /// A printable character: ASCII, or any printable Unicode scalar sent as UTF-8 (Chinese included).
    case character(Unicode.Scalar)
    /// Enter: CR, LF, or CR LF counted once.
    case enter
    case backspace
    /// Delete the character under the cursor (`ESC [ 3 ~`).
    case delete
    case left
    case right
    case up
    case down
    case home
    case end
    case tab
    /// Ctrl-C.
    case interrupt
    /// Ctrl-D.
    case endOfTransmission
    /// Ctrl-U: erase from the start of the line to the cursor.
    case eraseToStart
    /// Ctrl-K: erase from the cursor to the end of the line.
    case eraseToEnd
}
