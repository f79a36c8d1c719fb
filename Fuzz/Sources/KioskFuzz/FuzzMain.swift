import CFuzzerDriver
import Glibc
import KioskFuzzChecks

/// Runs libFuzzer over the target `KIOSK_FUZZ_TARGET` names. SwiftPM links an executable's own entry
/// point as `main`, so this one hands control to libFuzzer's driver (which parses libFuzzer's flags).
@main
enum FuzzMain {
    nonisolated(unsafe) static var target = FuzzTarget.hidKeyboard

    static func main() {
        let name = getenv("KIOSK_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let chosen = FuzzTarget(rawValue: name) else {
            let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: " ")
            let message = Array("KIOSK_FUZZ_TARGET must be one of: \(known)\n".utf8)
            _ = write(2, message, message.count)
            exit(2)
        }
        target = chosen
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzMain.target.check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
            return 0
        })
    }
}
