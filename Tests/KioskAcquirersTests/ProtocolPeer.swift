import Foundation
import KioskAcquirers

/// One of the independent protocol peers in `Tests/Peers/` (Python), run on a free loopback port for a
/// test: started, awaited by reading the `port N` line it prints once listening, and stopped at the end.
/// Every request it sees is a line `request PATH verified|refused ORDER` on its standard output.
final class ProtocolPeer: @unchecked Sendable {
    static let peersDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Peers")

    let port: Int
    private let process: Process
    private let output = PeerOutput()

    /// Starts `script` with `arguments`; throws when it does not say its port within 20 s.
    init(script: String, arguments: [String]) throws {
        process = Self.pythonProcess(script: script, arguments: arguments)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        try process.run()
        let reader = pipe.fileHandleForReading
        let output = output
        Thread { output.read(from: reader) }.start()
        guard let first = output.waitFor({ lines, ended in lines.first ?? (ended ? "" : nil) }),
              first.hasPrefix("port "), let port = Int(first.dropFirst(5))
        else {
            process.terminate()
            throw PeerError.didNotStart(script)
        }
        self.port = port
    }

    deinit { stop() }

    /// `script` from Tests/Peers under Debian's python3 (with python3-cryptography, installed by
    /// scripts/setup --test); a shim in front of another one (pyenv) costs a second per start.
    static func pythonProcess(script: String, arguments: [String]) -> Process {
        let process = Process()
        let debianPython = "/usr/bin/python3"
        let path = peersDirectory.appendingPathComponent(script).path
        if FileManager.default.isExecutableFile(atPath: debianPython) {
            process.executableURL = URL(fileURLWithPath: debianPython)
            process.arguments = [path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", path] + arguments
        }
        return process
    }

    private let syncs = SyncCounter()

    /// Every request line the peer has printed so far: it is asked to print a marker, and the lines are
    /// read up to it (all it printed before answering the marker's request).
    var requests: [String] { printed("request ") }

    /// Every line starting with `prefix` the peer has printed so far, read up to a marker as ``requests`` are.
    func printed(_ prefix: String) -> [String] {
        let number = syncs.next()
        let url = URL(string: "http://127.0.0.1:\(port)/sync?\(number)")!
        _ = HTTPSTransport().post(url, body: [], contentType: "text/plain", timeoutMs: 5_000)
        return output.waitFor { lines, ended in
            lines.contains("sync \(number)") || ended ? lines.filter { $0.hasPrefix(prefix) } : nil
        } ?? []
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    enum PeerError: Error {
        case didNotStart(String)
    }
}

/// Numbers the markers asked of a peer.
private final class SyncCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}

/// The lines a peer printed, gathered by a reader thread, waited for on a condition.
private final class PeerOutput: @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [String] = []
    private var ended = false

    func read(from reader: FileHandle) {
        var pending = Data()
        while true {
            let chunk = reader.availableData
            condition.lock()
            defer {
                condition.broadcast()
                condition.unlock()
            }
            if chunk.isEmpty {
                ended = true
                return
            }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                lines.append(String(decoding: pending[pending.startIndex ..< newline], as: UTF8.self))
                pending = Data(pending[(newline + 1)...])
            }
        }
    }

    /// Waits up to 20 s for `ready` to give a value from the lines so far (and whether the peer ended).
    func waitFor<T>(_ ready: ([String], Bool) -> T?) -> T? {
        let deadline = Date().addingTimeInterval(20)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value = ready(lines, ended) { return value }
            guard condition.wait(until: deadline) else { return ready(lines, ended) }
        }
    }
}
