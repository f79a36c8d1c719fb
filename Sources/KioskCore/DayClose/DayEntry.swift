/// The day's float, entered when the day opens or carried over from the last close's count.
public struct DayOpening: Hashable, Sendable {
    /// The Beijing business date, `20261202`.
    public var businessDate: UInt32
    /// Cash in the drawer at the start, fen.
    public var floatFen: Int64
    /// Whether the float is the last close's counted cash rather than a figure entered.
    public var carried: Bool
    /// Who opened the day.
    public var who: String

    public init(businessDate: UInt32, floatFen: Int64, carried: Bool, who: String) {
        self.businessDate = businessDate
        self.floatFen = floatFen
        self.carried = carried
        self.who = who
    }
}

/// Cash taken out of the drawer to the bank: how much, who took it and why.
public struct CashRemoval: Hashable, Sendable {
    public var fen: Int64
    public var who: String
    public var why: String

    public init(fen: Int64, who: String, why: String) {
        self.fen = fen
        self.who = who
        self.why = why
    }
}

/// The operator's blind count, and what they said about a difference if they wanted to.
public struct DrawerCounted: Hashable, Sendable {
    public var count: DrawerCount
    public var explanation: String?
    public var who: String

    public init(count: DrawerCount, explanation: String?, who: String) {
        self.count = count
        self.explanation = explanation
        self.who = who
    }
}

/// A Z report: the day closed, numbered, with its figures as the journal gives them.
public struct DayClosing: Hashable, Sendable {
    /// Its number: 1 for the station's first close, then one more each day.
    public var z: UInt32
    /// The business date it closes, `20261202` (one Z per business date).
    public var businessDate: UInt32
    /// The journal sequence of the previous Z (0 for the first): the Z covers the counter's entries after it.
    public var fromSequence: Int64
    /// The day's float, fen.
    public var floatFen: Int64
    /// Cash removed to the bank during the day, fen.
    public var cashRemovedFen: Int64
    /// The blind count.
    public var counted: DrawerCounted
    /// The figures.
    public var figures: DayFigures

    public init(z: UInt32, businessDate: UInt32, fromSequence: Int64, floatFen: Int64, cashRemovedFen: Int64,
                counted: DrawerCounted, figures: DayFigures) {
        self.z = z
        self.businessDate = businessDate
        self.fromSequence = fromSequence
        self.floatFen = floatFen
        self.cashRemovedFen = cashRemovedFen
        self.counted = counted
        self.figures = figures
    }

    /// Cash the drawer should hold, fen.
    public var expectedCashFen: Int64 { figures.expectedCashFen(floatFen: floatFen, cashRemovedFen: cashRemovedFen) }
    /// Cash counted, fen.
    public var countedCashFen: Int64 { counted.count.totalFen }
    /// Counted minus expected, fen: positive over, negative short.
    public var varianceFen: Int64 { countedCashFen - expectedCashFen }
}

/// One entry of the day's close in the journal (domain `day`), as versioned bytes.
public enum DayEntry: Hashable, Sendable {
    case opened(DayOpening)
    case cashRemoved(CashRemoval)
    case counted(DrawerCounted)
    case closed(DayClosing)
    /// A Z printed again (marked 补打).
    case reprinted(z: UInt32)
    /// A payment a provider's statement disagrees on, found when the statement was imported.
    case mismatchFound(StatementMismatch)
    /// The acquirer's answer about the mismatch journaled as entry `mismatchSequence`.
    case mismatchAnswered(mismatchSequence: Int64, MismatchAnswer)
    /// The X report of `businessDate` printed (it closes nothing).
    case xPrinted(businessDate: UInt32)

    /// The byte format this build writes.
    public static let formatVersion: UInt8 = 1
    /// The longest name of who did something, UTF-8 bytes.
    public static let maximumWhoBytes = 64
    /// The longest reason or explanation, UTF-8 bytes.
    public static let maximumTextBytes = 240

    /// The journal's name for it.
    public var kind: String {
        switch self {
        case .opened: "dayOpened"
        case .cashRemoved: "cashRemoved"
        case .counted: "drawerCounted"
        case .closed: "dayClosed"
        case .reprinted: "zReprinted"
        case .mismatchFound: "statementMismatch"
        case .mismatchAnswered: "mismatchAnswered"
        case .xPrinted: "xPrinted"
        }
    }

    /// The entry's bytes: a version, a tag, the fields little-endian, strings length-prefixed.
    public var bytes: [UInt8] {
        var writer = EventWriter(bytes: [Self.formatVersion])
        switch self {
        case .opened(let opening):
            writer.u8(1)
            writer.u32(opening.businessDate)
            writer.i64(opening.floatFen)
            writer.u8(opening.carried ? 1 : 0)
            writer.text(opening.who)
        case .cashRemoved(let removal):
            writer.u8(2)
            writer.i64(removal.fen)
            writer.text(removal.who)
            writer.text(removal.why)
        case .counted(let counted):
            writer.u8(3)
            writer.counted(counted)
        case .closed(let closing):
            writer.u8(4)
            writer.u32(closing.z)
            writer.u32(closing.businessDate)
            writer.i64(closing.fromSequence)
            writer.i64(closing.floatFen)
            writer.i64(closing.cashRemovedFen)
            writer.counted(closing.counted)
            writer.figures(closing.figures)
        case .reprinted(let z):
            writer.u8(5)
            writer.u32(z)
        case .mismatchFound(let mismatch):
            writer.u8(6)
            writer.u8(mismatch.provider.code)
            writer.u32(mismatch.businessDate)
            writer.text(mismatch.merchantOrderNo)
            writer.u8(mismatch.kind.rawValue)
            writer.i64(mismatch.stationFen)
            writer.i64(mismatch.providerFen)
        case .mismatchAnswered(let sequence, let answer):
            writer.u8(7)
            writer.i64(sequence)
            writer.u8(answer.rawValue)
        case .xPrinted(let businessDate):
            writer.u8(8)
            writer.u32(businessDate)
        }
        return writer.bytes
    }

    /// Decodes an entry written by ``bytes``.
    public init(decoding bytes: [UInt8]) throws(EventDecodingError) {
        var reader = EventReader(bytes: bytes)
        let version = try reader.u8()
        guard version == Self.formatVersion else { throw .unsupportedVersion(version) }
        let tag = try reader.u8()
        switch tag {
        case 1:
            let date = try reader.u32()
            let floatFen = try reader.i64()
            let carried = try reader.u8()
            guard carried <= 1, floatFen >= 0 else { throw .invalidValue }
            self = .opened(DayOpening(businessDate: date, floatFen: floatFen, carried: carried == 1, who: try reader.text()))
        case 2:
            let fen = try reader.i64()
            guard fen > 0 else { throw .invalidValue }
            self = .cashRemoved(CashRemoval(fen: fen, who: try reader.text(), why: try reader.text()))
        case 3:
            self = .counted(try reader.counted())
        case 4:
            let z = try reader.u32()
            let date = try reader.u32()
            let from = try reader.i64()
            let floatFen = try reader.i64()
            let removed = try reader.i64()
            let counted = try reader.counted()
            self = .closed(DayClosing(z: z, businessDate: date, fromSequence: from, floatFen: floatFen,
                                      cashRemovedFen: removed, counted: counted, figures: try reader.figures()))
        case 5:
            self = .reprinted(z: try reader.u32())
        case 6:
            let provider = try ProviderStatement.Provider(code: try reader.u8())
            let date = try reader.u32()
            let number = try reader.text()
            guard !number.isEmpty, number.utf8.count <= StatementMismatch.maximumOrderNoBytes,
                  let kind = StatementMismatch.Kind(rawValue: try reader.u8()) else { throw .invalidValue }
            let stationFen = try reader.i64()
            let providerFen = try reader.i64()
            guard stationFen >= 0, providerFen >= 0 else { throw .invalidValue }
            self = .mismatchFound(StatementMismatch(provider: provider, businessDate: date, merchantOrderNo: number,
                                                    kind: kind, stationFen: stationFen, providerFen: providerFen))
        case 7:
            let sequence = try reader.i64()
            guard sequence > 0, let answer = MismatchAnswer(rawValue: try reader.u8()) else { throw .invalidValue }
            self = .mismatchAnswered(mismatchSequence: sequence, answer)
        case 8:
            self = .xPrinted(businessDate: try reader.u32())
        default:
            throw .unknownTag(tag)
        }
        guard reader.isAtEnd else { throw .trailingBytes }
    }
}

extension ProviderStatement.Provider {
    /// Its byte in a journal entry.
    var code: UInt8 {
        switch self {
        case .wechat: 1
        case .alipay: 2
        }
    }

    init(code: UInt8) throws(EventDecodingError) {
        switch code {
        case 1: self = .wechat
        case 2: self = .alipay
        default: throw .invalidValue
        }
    }
}

extension EventWriter {
    mutating func text(_ value: String) {
        let utf8 = Array(value.utf8.prefix(Int(UInt16.max)))
        u16(UInt16(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func tally(_ line: TallyLine) {
        i64(line.count)
        i64(line.fen)
    }

    mutating func counted(_ counted: DrawerCounted) {
        for denomination in Denomination.allCases { i32(counted.count[denomination]) }
        u8(counted.explanation == nil ? 0 : 1)
        if let explanation = counted.explanation { text(explanation) }
        text(counted.who)
    }

    mutating func figures(_ figures: DayFigures) {
        for tender in Tender.allCases { tally(figures[tender]) }
        for fen in [figures.cashTakenFen, figures.changeGivenFen, figures.cashRefundsFen, figures.creditRepaidFen] {
            i64(fen)
        }
        for line in [figures.refunds, figures.voids, figures.cancels, figures.carried] { tally(line) }
        u8(UInt8(figures.services.count))
        for service in figures.services {
            text(service.service)
            tally(service.sales)
            i64(service.cashInFen)
            i64(service.cashOutFen)
        }
    }
}

extension EventReader {
    mutating func text() throws(EventDecodingError) -> String {
        let count = Int(try u16())
        guard offset + count <= bytes.count else { throw .truncated }
        defer { offset += count }
        guard let value = String(validating: bytes[offset ..< offset + count], as: UTF8.self) else { throw .invalidValue }
        return value
    }

    mutating func tally() throws(EventDecodingError) -> TallyLine {
        TallyLine(count: try i64(), fen: try i64())
    }

    mutating func counted() throws(EventDecodingError) -> DrawerCounted {
        var pieces: [Denomination: Int32] = [:]
        for denomination in Denomination.allCases { pieces[denomination] = try i32() }
        guard let count = DrawerCount(pieces) else { throw .invalidValue }
        let hasExplanation = try u8()
        guard hasExplanation <= 1 else { throw .invalidValue }
        let explanation = hasExplanation == 1 ? try text() : nil
        return DrawerCounted(count: count, explanation: explanation, who: try text())
    }

    mutating func figures() throws(EventDecodingError) -> DayFigures {
        var figures = DayFigures()
        for tender in Tender.allCases { figures[tender] = try tally() }
        figures.cashTakenFen = try i64()
        figures.changeGivenFen = try i64()
        figures.cashRefundsFen = try i64()
        figures.creditRepaidFen = try i64()
        figures.refunds = try tally()
        figures.voids = try tally()
        figures.cancels = try tally()
        figures.carried = try tally()
        let services = Int(try u8())
        for _ in 0 ..< services {
            let name = try text()
            guard !name.isEmpty, name.utf8.count <= 32 else { throw .invalidValue }
            figures.services.append(ServiceLine(service: name, sales: try tally(), cashInFen: try i64(), cashOutFen: try i64()))
        }
        return figures
    }
}
