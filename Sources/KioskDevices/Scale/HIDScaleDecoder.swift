/// Decodes a USB HID point-of-sale scale (usage page 0x8D): the scale data report is
/// `[0x03, status, unit, exponent, weight LSB, weight MSB]`, the weight being
/// `value × 10^exponent` in `unit`. The exponent is signed (0xFF is −1, as many scales send).
public enum HIDScaleDecoder {
    /// The report id of the scale data report.
    public static let dataReportID: UInt8 = 0x03
    /// The report id of the scale control report (a feature report): bit 0 of its byte zeroes.
    public static let controlReportID: UInt8 = 0x02
    /// The feature report that asks the scale to zero itself.
    public static let zeroFeatureReport: [UInt8] = [controlReportID, 0x01]

    /// Scale status usages (HID POS usage table, "Scale Status").
    enum Status: UInt8 {
        case fault = 1, stableAtZero, inMotion, weightStable, underZero, overWeight, requiresCalibration, requiresRezeroing
    }

    /// The reading a report carries, or `nil` for reports that are not scale data (other report
    /// ids, which some scales interleave).
    public static func reading(report: [UInt8]) -> ScaleReading? {
        guard let id = report.first, id == dataReportID else { return nil }
        guard report.count >= 6 else { return .unusable(reason: "short scale report (\(report.count) bytes)") }
        guard let status = Status(rawValue: report[1]) else {
            return .unusable(reason: "unknown scale status \(report[1])")
        }
        switch status {
        case .fault: return .unusable(reason: "the scale reports a fault")
        case .requiresCalibration: return .unusable(reason: "the scale needs calibration")
        case .requiresRezeroing: return .unusable(reason: "the scale needs zeroing")
        case .inMotion: return .moving
        case .underZero: return .underZero
        case .overWeight: return .overCapacity
        case .stableAtZero: return .stable(grams: 0)
        case .weightStable: break
        }
        let unitExponent: Int
        switch report[2] {
        case 1: unitExponent = -3  // milligrams
        case 2: unitExponent = 0  // grams
        case 3: unitExponent = 3  // kilograms
        case 11, 12: return .unusable(reason: "the scale weighs in ounces or pounds; set it to kilograms")
        default: return .unusable(reason: "unit \(report[2]) is not a metric weight")
        }
        let value = Int64(report[4]) | Int64(report[5]) << 8
        guard let grams = grams(value: value, exponent: Int(Int8(bitPattern: report[3])) + unitExponent) else {
            return .unusable(reason: "weight out of range")
        }
        return .stable(grams: grams)
    }

    /// `value × 10^exponent` grams, rounded half up to the gram; `nil` past ``ScaleWeight/maxGrams``.
    static func grams(value: Int64, exponent: Int) -> Int64? {
        if exponent >= 0 {
            var grams = value
            for _ in 0..<exponent {
                grams *= 10
                if grams > ScaleWeight.maxGrams { return nil }
            }
            return grams
        }
        // Past 10^-6 any 16-bit value is below half a gram.
        guard exponent >= -6 else { return 0 }
        var divisor: Int64 = 1
        for _ in 0..<(-exponent) { divisor *= 10 }
        return (value + divisor / 2) / divisor
    }
}
