import Glibc

/// The real clocks: `CLOCK_REALTIME`, `CLOCK_MONOTONIC` and `nanosleep`.
public struct SystemShellClock: ShellClock {
    public init() {}

    public func wallTime_ms() -> Int64 { Self.read(CLOCK_REALTIME) }

    public func monotonic_ms() -> Int64 { Self.read(CLOCK_MONOTONIC) }

    public func sleep(milliseconds: Int64) {
        guard milliseconds > 0 else { return }
        var request = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int(milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR {
            request = remaining
        }
    }

    private static func read(_ clock: clockid_t) -> Int64 {
        var now = timespec()
        clock_gettime(clock, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
