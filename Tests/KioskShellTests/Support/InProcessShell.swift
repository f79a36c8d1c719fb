import KioskShell
import Synchronization

/// A ``ShellClock`` the test moves by hand. A login delay (`sleep`) moves it on at once and is recorded,
/// so a test sees how long the shell made the terminal wait without waiting itself.
final class FakeShellClock: ShellClock {
    private struct State {
        var wall_ms: Int64
        var monotonic_ms: Int64 = 0
        var sleeps_ms: [Int64] = []
    }

    private let state: Mutex<State>

    /// Starts at `wall_ms` (default 2025-11-23 12:13:20 UTC) and monotonic 0.
    init(wall_ms: Int64 = 1_763_900_000_000) {
        state = Mutex(State(wall_ms: wall_ms))
    }

    func wallTime_ms() -> Int64 { state.withLock { $0.wall_ms } }
    func monotonic_ms() -> Int64 { state.withLock { $0.monotonic_ms } }

    func sleep(milliseconds: Int64) {
        state.withLock { $0.sleeps_ms.append(milliseconds) }
        advance(by: max(0, milliseconds))
    }

    /// Moves both clocks on by `milliseconds`.
    func advance(by milliseconds: Int64) {
        state.withLock {
            $0.wall_ms += milliseconds
            $0.monotonic_ms += milliseconds
        }
    }

    /// Every wait the shell asked for, in order.
    var sleeps_ms: [Int64] { state.withLock { $0.sleeps_ms } }
}

/// A shell session driven in-process on a ``FakeShellClock``: bytes typed in, the answer returned, no
/// terminal and no thread. For what a session decides (logins, commands, delays, inactivity, limits);
/// the transports keep their own tests over real PTYs, serial lines and sockets.
///
/// Every answer goes to a transcript that ``expect(_:)`` reads, as a technician reads the screen;
/// ``type(_:)`` also returns the answer to that one input.
final class InProcessShell {
    struct Missing: Error, CustomStringConvertible {
        let expected: String
        let received: String
        var description: String { "the shell did not say \"\(expected)\"; it said: \(received.suffix(600))" }
    }

    let session: ShellSession
    let clock: FakeShellClock
    private var unread = ""

    /// A line-terminal session (logging out returns to the login prompt) in `environment` on `clock`.
    init(_ environment: ShellEnvironment, clock: FakeShellClock) {
        var environment = environment
        environment.clock = clock
        self.clock = clock
        session = ShellSession(environment: environment, endsOnLogout: false)
        unread = String(decoding: session.start(), as: UTF8.self)
    }

    /// Types `text`; returns what the shell answers (which also goes to the transcript).
    @discardableResult
    func type(_ text: String) -> String {
        let answer = String(decoding: session.receive(Array(text.utf8)), as: UTF8.self)
        unread += answer
        return answer
    }

    /// Types `text`; the answer goes to the transcript.
    func send(_ text: String) {
        type(text)
    }

    /// Takes the transcript up to and including the first `expected`; throws if the shell has not said it.
    @discardableResult
    func expect(_ expected: String) throws -> String {
        guard let range = unread.range(of: expected) else { throw Missing(expected: expected, received: unread) }
        let text = String(unread[..<range.upperBound])
        unread.removeSubrange(..<range.upperBound)
        return text
    }

    /// Logs in and takes the transcript up to the welcome line.
    func logIn(_ name: String, pin: String) throws {
        send("login \(name)\r")
        send(pin + "\r")
        try expect("Welcome, \(name)")
    }

    /// Runs `command`; returns its output up to the next prompt.
    @discardableResult
    func run(_ command: String, prompt: String = "kiosk:wang# ") throws -> String {
        send(command + "\r")
        try expect(command + "\r\n")
        return try expect(prompt)
    }

    /// Types `login NAME` and the PIN; returns the answer to the PIN.
    @discardableResult
    func enterLogin(_ name: String, pin: String) -> String {
        type("login \(name)\r")
        return type(pin + "\r")
    }

    /// What the session says when its inactivity check runs now.
    func tick() -> String {
        String(decoding: session.tick(), as: UTF8.self)
    }
}
