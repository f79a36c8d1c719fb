/// A courier company whose parcels the station holds (快递公司).
public enum Carrier: UInt8, Sendable, CaseIterable, Comparable {
    case zto = 1, yto, sto, yunda, sf, jd, ems, cainiao

    /// The key the operator presses to pick it when the waybill number is not recognised (1–8).
    public var keypadDigit: Int { Int(rawValue) }

    /// The short name stored and shown in reports (`zto`, `sf`…).
    public var name: String {
        switch self {
        case .zto: "zto"
        case .yto: "yto"
        case .sto: "sto"
        case .yunda: "yunda"
        case .sf: "sf"
        case .jd: "jd"
        case .ems: "ems"
        case .cainiao: "cainiao"
        }
    }

    /// The name villagers know (on labels and messages).
    public var chineseName: String {
        switch self {
        case .zto: "中通"
        case .yto: "圆通"
        case .sto: "申通"
        case .yunda: "韵达"
        case .sf: "顺丰"
        case .jd: "京东"
        case .ems: "邮政EMS"
        case .cainiao: "菜鸟"
        }
    }

    public init?(name: String) {
        guard let carrier = Self.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = carrier
    }

    public static func < (lhs: Carrier, rhs: Carrier) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The carrier whose waybill numbers look like `waybill`, or nil (the operator picks one).
    ///
    /// The patterns, which do not overlap:
    /// - SF 顺丰: `SF` + 12 or 13 digits
    /// - YTO 圆通: `YT` + 13 to 15 digits
    /// - JD 京东: `JD` + 13 to 15 letters or digits
    /// - Cainiao 菜鸟: `LP` + 14 digits, or `CN` + 12 to 18 digits
    /// - EMS 邮政: 2 letters + 9 digits + `CN` (S10), or 13 digits starting with 1 or 9
    /// - STO 申通: 13 digits starting with 77
    /// - Yunda 韵达: 13 digits starting with 3 or 4, or 15 digits starting with 46
    /// - ZTO 中通: 12 or 14 digits starting with 7 (12-digit `77…` excluded)
    public static func recognise(waybill: String) -> Carrier? {
        let bytes = Array(waybill.utf8)
        guard (8...24).contains(bytes.count) else { return nil }
        let isDigit: (UInt8) -> Bool = { (0x30...0x39).contains($0) }
        let isUpper: (UInt8) -> Bool = { (0x41...0x5A).contains($0) }
        func prefix(_ text: StaticString) -> Bool {
            let p = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
            return bytes.count >= p.count && zip(bytes, p).allSatisfy { $0 == $1 }
        }
        func digits(after count: Int) -> Bool { bytes.dropFirst(count).allSatisfy(isDigit) }
        let n = bytes.count
        if prefix("SF") { return (n == 14 || n == 15) && digits(after: 2) ? .sf : nil }
        if prefix("YT") { return (15...17).contains(n) && digits(after: 2) ? .yto : nil }
        if prefix("JD") {
            return (15...17).contains(n) && bytes.dropFirst(2).allSatisfy { isDigit($0) || isUpper($0) } ? .jd : nil
        }
        if prefix("LP") { return n == 16 && digits(after: 2) ? .cainiao : nil }
        if prefix("CN"), digits(after: 2) { return (14...20).contains(n) ? .cainiao : nil }
        if n == 13, isUpper(bytes[0]), isUpper(bytes[1]), bytes[2..<11].allSatisfy(isDigit),
           bytes[11] == UInt8(ascii: "C"), bytes[12] == UInt8(ascii: "N") {
            return .ems
        }
        guard digits(after: 0) else { return nil }
        let first = bytes[0]
        switch n {
        case 13 where first == UInt8(ascii: "1") || first == UInt8(ascii: "9"): return .ems
        case 13 where prefix("77"): return .sto
        case 13 where first == UInt8(ascii: "3") || first == UInt8(ascii: "4"): return .yunda
        case 15 where prefix("46"): return .yunda
        case 12 where first == UInt8(ascii: "7") && !prefix("77"): return .zto
        case 14 where first == UInt8(ascii: "7"): return .zto
        default: return nil
        }
    }
}
