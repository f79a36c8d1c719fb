import Foundation
import KioskBoard
import KioskCore
import KioskStore
import KioskUplink
import KioskUplinkWire
import Logging

/// The county's documents at a running station: each kind's check before a version is taken, and its
/// application between orders, never in the middle of one.
extension Station {
    static func log(_ outcome: DownlinkClient.Outcome, _ logger: Logger) {
        switch outcome {
        case .unchanged:
            break
        case .checked(let accepted, let refused):
            for name in accepted { logger.notice("county document received; applied between orders", metadata: ["document": "\(name)"]) }
            for line in refused { logger.error("county document refused; the station keeps what it has: \(line)") }
        case .failed(let problem):
            logger.info("county documents not fetched: \(problem)")
        }
    }

    /// Whether the counter is between orders: none being rung up, totalled or paid by code, and no
    /// produce purchase half put together.
    var isBetweenOrders: Bool {
        if engine.machine.pendingPaymentCount > 0 { return false }
        if let id = engine.machine.currentOrderID, let order = engine.machine.order(id),
           [.open, .totalled, .paying].contains(order.phase) {
            return false
        }
        return produceDraftIsEmpty
    }

    /// Applies the county documents waiting in the store, if the counter is between orders. On the loop,
    /// every few seconds. A catalog is imported (all or nothing); a produce price list prices the desks'
    /// next purchase; a biller list is offered for the next bill; carrier settings hold the next parcels.
    /// One that cannot be applied stays waiting and is tried again.
    func applyCountyDocuments() {
        dispatchPrecondition(condition: .onQueue(queue))
        let store = DownlinkStore(database: database)
        guard let waiting = try? store.waiting(), !waiting.isEmpty, isBetweenOrders else { return }
        for document in waiting {
            guard let kind = DownlinkKind(rawValue: document.kind) else { continue }
            do {
                // Each kind but the catalog was checked whole before it was kept: a failure here is a store
                // that changed under it.
                switch kind {
                case .catalog:
                    _ = try CatalogImporter(database: database).importCSV(bytes: [UInt8](document.body))
                case .producePrices:
                    use(countyProducePrices: try ProduceTableFile.parse(Self.text(document)).get())
                case .billers:
                    use(countyBillers: try BillerListFile.parse(Self.text(document)).get())
                case .carriers:
                    parcels.use(hold: try CarrierSettingsFile.parse(Self.text(document)).get())
                }
                try store.markApplied(kind: document.kind, version: document.version, atMs: Self.wallClockMs())
                logger.notice("county document applied", metadata: ["document": "\(kind.rawValue) v\(document.version)"])
                let zh = engine.configuration.locale == .zhHans
                let name = Self.shownName(kind, zh: zh)
                engine.showService(code: "COUNTY_DOCUMENT_APPLIED",
                                   text: zh ? "县中心\(name)已更新：v\(document.version)" : "county \(name) now v\(document.version)",
                                   nowMs: nowMs)
            } catch {
                logger.error("county document \(kind.rawValue) v\(document.version) not applied yet: \(error)")
            }
        }
    }

    /// At boot, before the first order: the biller list and carrier settings last applied replace the
    /// board's (the produce prices are read when the desks first need them, ``produceTables()``).
    func useAppliedCountyDocuments() {
        dispatchPrecondition(condition: .onQueue(queue))
        let store = DownlinkStore(database: database)
        if let applied = try? store.applied(kind: DownlinkKind.billers.rawValue),
           let list = try? BillerListFile.parse(Self.text(applied)).get() {
            use(countyBillers: list)
        }
        if let applied = try? store.applied(kind: DownlinkKind.carriers.rawValue),
           let hold = try? CarrierSettingsFile.parse(Self.text(applied)).get() {
            parcels.use(hold: hold)
        }
    }

    /// The produce desks' price list: the county's once applied, else the board's `produce.csv`; nil
    /// when there is neither. On the loop.
    func produceTables() -> Result<(ProducePriceTable, ContainerTares), ProduceTableFile.Problem>? {
        dispatchPrecondition(condition: .onQueue(queue))
        if countyProduceTables == nil {
            let applied = try? DownlinkStore(database: database).applied(kind: DownlinkKind.producePrices.rawValue)
            let parsed = applied.flatMap { try? ProduceTableFile.parse(Self.text($0)).get() }
            countyProduceTables = .some(parsed)
            if let parsed { simulation?.useProduceTables(parsed.0, parsed.1) }
        }
        if case .some(.some(let county)) = countyProduceTables { return .success(county) }
        return board.produceTables()
    }

    private func use(countyProducePrices tables: (ProducePriceTable, ContainerTares)) {
        countyProduceTables = .some(tables)
        simulation?.useProduceTables(tables.0, tables.1)
    }

    private func use(countyBillers list: BillerListFile.List) {
        engine.bills.use(list)
        simulation?.biller.know(list.billers)
    }

    private static func text(_ document: DownlinkRecord) -> String {
        String(decoding: document.body, as: UTF8.self)
    }

    /// What the operator is told was updated.
    private static func shownName(_ kind: DownlinkKind, zh: Bool) -> String {
        switch kind {
        case .catalog: zh ? "商品目录和价格" : "catalog and prices"
        case .producePrices: zh ? "收购价目表" : "produce price list"
        case .billers: zh ? "缴费单位" : "biller list"
        case .carriers: zh ? "快递保管天数" : "carrier hold days"
        }
    }
}
