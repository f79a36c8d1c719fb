import Glibc

/// `AF_UNIX` stream sockets: the kiosk listens at `<data-dir>/shell.sock`, `kiosk shell` connects.
enum UnixSocket {
    /// A listening socket at `path`; a stale socket file left by a dead kiosk is replaced, a live one refused.
    static func listen(path: String, backlog: Int32 = 4) throws(ShellTransportError) -> Int32 {
        if let probe = try? connect(path: path) {
            close(probe)
            throw .socketInUse(path)
        }
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .fromErrno("socket", path) }
        var address = try socketAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, backlog) == 0 else {
            let error = ShellTransportError.fromErrno("bind/listen", path)
            close(fd)
            throw error
        }
        chmod(path, 0o600)
        return fd
    }

    /// A socket connected to `path`.
    static func connect(path: String) throws(ShellTransportError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .fromErrno("socket", path) }
        var address = try socketAddress(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let error = ShellTransportError.fromErrno("connect", path)
            close(fd)
            throw error
        }
        return fd
    }

    private static func socketAddress(_ path: String) throws(ShellTransportError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw .socketPathTooLong(path) }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        return address
    }
}
