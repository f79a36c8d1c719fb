#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A blocking read loop over an open tty, on a thread of its own: reading blocks in `poll`, which the
/// task pool must not. The serial scanner and the serial scale run their loops through it.
enum SerialPortThread {
    /// Runs `loop` on a thread named `name` until the calling task is cancelled (the loop checks its
    /// ``StopFlag`` every poll interval), then closes `descriptor`.
    static func run(name: String, descriptor: Int32, loop: @escaping @Sendable (Int32, StopFlag) -> Void) async {
        let stop = StopFlag()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
                let thread = Thread {
                    loop(descriptor, stop)
                    close(descriptor)
                    finished.resume()
                }
                thread.name = name
                thread.start()
            }
        } onCancel: {
            stop.set()
        }
    }
}

/// Tells the reading thread to stop.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}
