import Glibc

/// Re-checks `condition` every 10 ms until it holds or `timeout_ms` passes; returns whether it held.
///
/// For a state the test can observe but is not told about (rows another thread writes). It never
/// assumes that some time was enough: it returns as soon as the state is there, and fails if it never is.
func eventually(timeout_ms: Int, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(timeout_ms)
    while true {
        if try condition() { return true }
        guard ContinuousClock.now < deadline else { return false }
        _ = poll(nil, 0, 10)
    }
}
