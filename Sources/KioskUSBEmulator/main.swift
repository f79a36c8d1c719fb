// Runs one emulated-device scenario under umockdev for the KioskDevices tests, printing what
// it observes one fact per line. The tests start it with LD_PRELOAD=libumockdev-preload.so.0.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let scenario = arguments.first ?? ""
let parameters = Array(arguments.dropFirst())

/// The value after `--name`, if given.
func option(_ name: String) -> String? {
    guard let index = parameters.firstIndex(of: "--\(name)"), index + 1 < parameters.count else { return nil }
    return parameters[index + 1]
}

/// Options that are flags: they take no value.
let flags: Set<String> = ["--automatic-status-back", "--polling", "--nonsense"]

/// Parameters that are not options or option values.
let positional: [String] = {
    var values: [String] = []
    var skipNext = false
    for parameter in parameters {
        if skipNext {
            skipNext = false
        } else if parameter.hasPrefix("--") {
            skipNext = !flags.contains(parameter)
        } else {
            values.append(parameter)
        }
    }
    return values
}()

if let reason = Emulator.unavailableReason() {
    report("unavailable", reason)
    exit(scenario == "probe" ? 2 : 1)
}

do {
    switch scenario {
    case "probe":
        report("available", "umockdev")
    case "wedge":
        try await ScannerScenarios.wedge(
            codes: positional, terminator: option("terminator") ?? "enter",
            debounceMs: Int(option("debounce-ms") ?? "0") ?? 0)
    case "hidpos":
        try await ScannerScenarios.hidPOS(reportsHex: positional, expectedOutcomes: Int(option("expect") ?? "1") ?? 1)
    case "hidscale":
        try await ScaleScenarios.weigh(
            reportsHex: positional, readingsToAgree: Int(option("agree") ?? "3") ?? 3,
            silenceMs: Int(option("silence-ms") ?? "60000") ?? 60000, expectedEvents: Int(option("expect") ?? "1") ?? 1)
    case "scale-zero":
        try await ScaleScenarios.zero()
    case "print-job":
        try await PrinterScenarios.printJob(jobHex: positional[0])
    case "busy":
        try await PrinterScenarios.busy()
    case "paper-out":
        try await PrinterScenarios.paperOut(
            jobHex: positional[0], automaticStatusBack: parameters.contains("--automatic-status-back"),
            nonsense: parameters.contains("--nonsense"))
    case "unplug-during-print":
        try await PrinterScenarios.unplugDuringPrint(jobHex: positional[0], dieAfterBytes: Int(option("die-after") ?? "100") ?? 100)
    case "station-sale":
        try await StationScenarios.sale(codes: positional, catalogCSV: option("catalog") ?? "")
    case "keypad":
        try await KeypadScenarios.keys(usagesHex: positional, expectedInputs: Int(option("expect") ?? "0") ?? 0)
    case "arrival":
        try await HotplugScenarios.arrival(code: positional[0], polling: parameters.contains("--polling"))
    case "inventory":
        try await HotplugScenarios.inventory()
    default:
        report("error", "unknown scenario \(scenario)")
        exit(64)
    }
} catch {
    report("error", "\(error)")
    exit(1)
}
exit(0)
