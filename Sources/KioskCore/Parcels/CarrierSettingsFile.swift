/// A county's carrier settings as its admin writes them by hand (the down-link's `carriers` document):
/// how many days the station holds each carrier's parcels before they go back, a header and one line
/// per carrier:
///
///     carrier,hold_days
///     default,3
///     sf,7
///     jd,5
///
/// `default` (required) holds every carrier not named; a carrier is one of `zto`, `yto`, `sto`, `yunda`,
/// `sf`, `jd`, `ems`, `cainiao`, at most once. Days are whole, within ``ParcelHoldPolicy/allowedDays``,
/// as a board's `hold_days`. Blank lines and lines starting with `#` are ignored.
public enum CarrierSettingsFile {
    /// What is wrong with a file, and where.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { "carriers line \(line): \(message)" }
    }

    public static func parse(_ text: String) -> Result<ParcelHoldPolicy, Problem> {
        var sawHeader = false
        var defaultDays: Int?
        var byCarrier: [Carrier: Int] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func problem(_ message: String) -> Result<ParcelHoldPolicy, Problem> {
                .failure(Problem(line: index + 1, message: message))
            }
            guard sawHeader else {
                guard fields == ["carrier", "hold_days"] else { return problem("expected the header carrier,hold_days") }
                sawHeader = true
                continue
            }
            let range = ParcelHoldPolicy.allowedDays
            guard fields.count == 2, let days = Int(fields[1]), range.contains(days) else {
                return problem("expected carrier,days with whole days from \(range.lowerBound) to \(range.upperBound)")
            }
            if fields[0] == "default" {
                guard defaultDays == nil else { return problem("default is given twice") }
                defaultDays = days
            } else if let carrier = Carrier.allCases.first(where: { $0.name == fields[0] }) {
                guard byCarrier[carrier] == nil else { return problem("\(carrier.name) is given twice") }
                byCarrier[carrier] = days
            } else {
                let names = Carrier.allCases.map(\.name).joined(separator: ", ")
                return problem("no carrier '\(fields[0])' (default, \(names))")
            }
        }
        guard sawHeader else { return .failure(Problem(line: 1, message: "no header line")) }
        guard let defaultDays else { return .failure(Problem(line: 1, message: "no default line")) }
        return .success(ParcelHoldPolicy(defaultDays: defaultDays, daysByCarrier: byCarrier))
    }
}
