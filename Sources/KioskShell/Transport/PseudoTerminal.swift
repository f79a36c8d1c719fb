import CPseudoTerminal
import Glibc

/// A PTY pair for simulation: the kiosk serves the shell on the master side, a technician connects
/// `picocom` or `screen` to ``clientPath``.
public struct PseudoTerminal: Sendable {
    /// The side the kiosk reads and writes.
    public let masterFD: Int32
    /// The `/dev/pts/N` path a terminal program opens.
    public let clientPath: String
    /// Kept open so the master never sees a hang-up when a terminal program disconnects.
    public let heldClientFD: Int32

    /// Opens a PTY pair, with the client side in raw mode so the kiosk's output is not echoed back.
    public static func open() throws(ShellTransportError) -> PseudoTerminal {
        let master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw .fromErrno("posix_openpt", "/dev/ptmx") }
        var nameBuffer = [CChar](repeating: 0, count: 128)
        guard grantpt(master) == 0, unlockpt(master) == 0, ptsname_r(master, &nameBuffer, nameBuffer.count) == 0 else {
            let error = ShellTransportError.fromErrno("grantpt/unlockpt/ptsname", "/dev/ptmx")
            close(master)
            throw error
        }
        let path = String(decoding: nameBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let client = Glibc.open(path, O_RDWR | O_NOCTTY)
        guard client >= 0 else {
            let error = ShellTransportError.fromErrno("open", path)
            close(master)
            throw error
        }
        do {
            try TerminalMode.makeRaw(client, path: path)
        } catch {
            close(client)
            close(master)
            throw error
        }
        return PseudoTerminal(masterFD: master, clientPath: path, heldClientFD: client)
    }
}
