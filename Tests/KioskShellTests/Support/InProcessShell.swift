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
/// terminal and no thread. For what a session decides (logins, delays, inactivity, limits); the
/// transports keep their own tests over real PTYs, serial lines and sockets.
final class InProcessShell {
    let session: ShellSession
    let clock: FakeShellClock

    /// A line-terminal session (logging out returns to the login prompt) in `environment` on `clock`.
    init(_ environment: ShellEnvironment, clock: FakeShellClock) {
        var environment = environment
        environment.clock = clock
        self.clock = clock
        session = ShellSession(environment: environment, endsOnLogout: false)
        _ = session.start()
    }

    /// Types `text`; returns what the shell answers.
    @discardableResult
    func type(_ text: String) -> String {
        String(decoding: session.receive(Array(text.utf8)), as: UTF8.self)
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
