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
    /// next purchase. One that cannot be applied stays waiting and is tried again.
    func applyCountyDocuments() {
        dispatchPrecondition(condition: .onQueue(queue))
        let store = DownlinkStore(database: database)
        guard let waiting = try? store.waiting(), !waiting.isEmpty, isBetweenOrders else { return }
        for document in waiting {
            guard let kind = DownlinkKind(rawValue: document.kind) else { continue }
            do {
                switch kind {
                case .catalog:
                    _ = try CatalogImporter(database: database).importCSV(bytes: [UInt8](document.body))
                case .producePrices:
                    // Checked whole before it was kept: a failure here is a store that changed under it.
                    use(countyProducePrices: try ProduceTableFile.parse(String(decoding: document.body, as: UTF8.self)).get())
                }
                try store.markApplied(kind: document.kind, version: document.version, atMs: Self.wallClockMs())
                logger.notice("county document applied", metadata: ["document": "\(kind.rawValue) v\(document.version)"])
                let zh = engine.configuration.locale == .zhHans
                let name = kind == .catalog ? (zh ? "商品目录和价格" : "catalog and prices") : (zh ? "收购价目表" : "produce price list")
                engine.showService(code: "COUNTY_DOCUMENT_APPLIED",
                                   text: zh ? "县中心\(name)已更新：v\(document.version)" : "county \(name) now v\(document.version)",
                                   nowMs: nowMs)
            } catch {
                logger.error("county document \(kind.rawValue) v\(document.version) not applied yet: \(error)")
            }
        }
    }

    /// The produce desks' price list: the county's once applied, else the board's `produce.csv`; nil
    /// when there is neither. On the loop.
    func produceTables() -> Result<(ProducePriceTable, ContainerTares), ProduceTableFile.Problem>? {
        dispatchPrecondition(condition: .onQueue(queue))
        if countyProduceTables == nil {
            let applied = try? DownlinkStore(database: database).applied(kind: DownlinkKind.producePrices.rawValue)
            let parsed = applied.flatMap { try? ProduceTableFile.parse(String(decoding: $0.body, as: UTF8.self)).get() }
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
}
