import Foundation
import KioskCore
import Logging
import PostgresNIO

/// One station on the county's dashboard.
public struct StationSummary: Codable, Sendable, Equatable {
    public var station: String
    public var county: String
    public var revoked: Bool
    /// When the hub last heard from it (Unix ms), nil if never.
    public var lastSeenMs: Int64?
    /// Entries the station said it still held after its last batch.
    public var backlog: Int64
    /// Journal entries stored, over all its store incarnations.
    public var entriesStored: Int64
    /// Sales (paid orders, fen) created since Beijing midnight of `dayStartMs`.
    public var todaysSalesFen: Int64
    public var todaysOrders: Int64
    /// Entries of the day's close (`day` domain).
    public var dayCloseEntries: Int64
    /// Parcels waiting on its shelves for their villagers (arrived, not picked up, not expired).
    public var parcelsOnShelves: Int64
    /// Its newest Z report, nil before its first day's close.
    public var lastZ: ZSummary?
    /// Produce bought from farmers since Beijing midnight: grams (net) and fen.
    public var todaysProduceGrams: Int64
    public var todaysProduceFen: Int64
    /// Bills paid at its counter since Beijing midnight, and their amount.
    public var todaysBills: Int64
    public var todaysBillsFen: Int64
    /// Bills, of any day, paid at its counter and not yet settled by the biller (phase `sent` or `pending`).
    public var billsAwaitingBiller: Int64
    /// Bills the station gave up on the biller, waiting for its technician (phase `given_up`).
    public var billsGivenUp: Int64
}

/// A Z report as the county sees it.
public struct ZSummary: Codable, Sendable, Equatable {
    public var z: Int64
    /// `20261202`.
    public var businessDate: Int64
    public var expectedCashFen: Int64
    public var countedCashFen: Int64
    /// Counted minus expected: positive over, negative short.
    public var varianceFen: Int64

    public init(z: Int64, businessDate: Int64, expectedCashFen: Int64, countedCashFen: Int64, varianceFen: Int64) {
        self.z = z
        self.businessDate = businessDate
        self.expectedCashFen = expectedCashFen
        self.countedCashFen = countedCashFen
        self.varianceFen = varianceFen
    }
}

/// The dashboard's reads: one query over every station, per county partition.
public struct HubDashboard: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Beijing midnight (UTC+8) of the day holding `nowMs`, in Unix ms.
    public static func beijingDayStart(of nowMs: Int64) -> Int64 {
        let offset: Int64 = 8 * 3_600_000
        let day: Int64 = 86_400_000
        let local = nowMs + offset
        return local - ((local % day) + day) % day - offset
    }

    /// The phases of a bill paid at the counter that the biller has not settled: the station's rules' own.
    static let awaitingBiller = BillPhase.allCases.filter(\.awaitsBiller).map(\.name)

    public func stations(dayStartMs: Int64, county: String? = nil) async throws -> [StationSummary] {
        let rows = try await client.query("""
            SELECT s.station_id, s.county, s.revoked_at IS NOT NULL,
                (extract(epoch FROM s.last_seen_at) * 1000)::bigint, s.backlog,
                coalesce((SELECT sum(ss.stored_through) FROM store_streams ss WHERE ss.station_id = s.station_id), 0)::bigint,
                coalesce(sales.fen, 0)::bigint, coalesce(sales.n, 0)::bigint,
                (SELECT count(*) FROM journal_entries j
                    WHERE j.county = s.county AND j.station_id = s.station_id AND j.domain = 'day')::bigint,
                (SELECT count(*) FROM parcels p
                    WHERE p.county = s.county AND p.station_id = s.station_id AND p.state = 'on_shelf')::bigint,
                z.z, z.business_date::bigint, z.expected_cash_fen, z.counted_cash_fen, z.variance_fen,
                coalesce(produce.grams, 0)::bigint, coalesce(produce.fen, 0)::bigint,
                coalesce(bills.n, 0)::bigint, coalesce(bills.fen, 0)::bigint, coalesce(bills.awaiting, 0)::bigint,
                coalesce(bills.given_up, 0)::bigint
            FROM stations s
            LEFT JOIN LATERAL (
                SELECT count(*) FILTER (WHERE b.paid_at_ms >= \(dayStartMs)) AS n,
                    sum(b.amount_fen) FILTER (WHERE b.paid_at_ms >= \(dayStartMs)) AS fen,
                    count(*) FILTER (WHERE b.phase = ANY(\(Self.awaitingBiller)::text[])) AS awaiting,
                    count(*) FILTER (WHERE b.phase = \(BillPhase.givenUp.name)) AS given_up
                FROM bills b WHERE b.county = s.county AND b.station_id = s.station_id
            ) bills ON true
            LEFT JOIN LATERAL (
                SELECT sum(p.net_g) AS grams, sum(p.amount_fen) AS fen FROM produce_purchases p
                WHERE p.county = s.county AND p.station_id = s.station_id AND p.recorded_at_ms >= \(dayStartMs)
            ) produce ON true
            LEFT JOIN LATERAL (
                SELECT r.z, r.business_date, r.expected_cash_fen, r.counted_cash_fen, r.variance_fen FROM z_reports r
                WHERE r.county = s.county AND r.station_id = s.station_id ORDER BY r.closed_at_ms DESC, r.z DESC LIMIT 1
            ) z ON true
            LEFT JOIN LATERAL (
                SELECT sum(o.total_fen) AS fen, count(*) AS n FROM orders o
                WHERE o.county = s.county AND o.station_id = s.station_id AND o.created_at_ms >= \(dayStartMs)
                    AND o.state IN ('paid', 'awaiting-fulfilment', 'ordered', 'arrived', 'closed')
            ) sales ON true
            WHERE \(county)::text IS NULL OR s.county = \(county)
            ORDER BY s.station_id
            """, logger: logger)
        var summaries: [StationSummary] = []
        for try await (id, county, revoked, lastSeen, backlog, stored, fen, count, closes, onShelves, z, date, expected, counted,
                       variance, produceGrams, produceFen, bills, billsFen, billsAwaiting, billsGivenUp)
            in rows.decode((String, String, Bool, Int64?, Int64, Int64, Int64, Int64, Int64, Int64,
                            Int64?, Int64?, Int64?, Int64?, Int64?, Int64, Int64, Int64, Int64, Int64, Int64).self) {
            let lastZ = z.map { ZSummary(z: $0, businessDate: date ?? 0, expectedCashFen: expected ?? 0,
                                         countedCashFen: counted ?? 0, varianceFen: variance ?? 0) }
            summaries.append(StationSummary(station: id, county: county, revoked: revoked, lastSeenMs: lastSeen,
                                            backlog: backlog, entriesStored: stored, todaysSalesFen: fen,
                                            todaysOrders: count, dayCloseEntries: closes, parcelsOnShelves: onShelves,
                                            lastZ: lastZ, todaysProduceGrams: produceGrams, todaysProduceFen: produceFen,
                                            todaysBills: bills, todaysBillsFen: billsFen, billsAwaitingBiller: billsAwaiting,
                                            billsGivenUp: billsGivenUp))
        }
        return summaries
    }
}
