import Foundation
import GRDB
import Testing
@testable import KioskStore

@Suite struct CatalogImportTests {
    @Test func theSampleCatalogImportsWithChineseNamesAndPricesIntact() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }

        let summary = try CatalogImporter(database: database).importCSV(atPath: try Fixture.path("catalog-sample.csv"))

        #expect(summary == CatalogImportSummary(rows: 300, inserted: 300, updated: 0))
        let repository = CatalogRepository(database: database)
        #expect(try repository.count() == 300)
        let soap = try repository.find(barcode: "6916018159088")
        #expect(soap == Product(
            barcode: "6916018159088", name: "雕牌洗衣粉1.5kg", unit: "袋", priceFen: 1860, category: "日化", stock: 9))
        #expect(try repository.find(barcode: "6909482199353")?.name == "老干妈风味豆豉油制辣椒280g")
        #expect(try repository.find(barcode: "6901234567892") == nil)
    }

    @Test func reimportingUpdatesByBarcode() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        let importer = CatalogImporter(database: database)
        _ = try importer.importCSV(atPath: try Fixture.path("catalog-sample.csv"))

        let newPrice = Array("barcode,name,unit,price_fen,category,stock\n6916018159088,雕牌洗衣粉1.5kg,袋,1790,日化,20\n".utf8)
        let summary = try importer.importCSV(bytes: newPrice)

        #expect(summary == CatalogImportSummary(rows: 1, inserted: 0, updated: 1))
        #expect(try CatalogRepository(database: database).find(barcode: "6916018159088")?.priceFen == 1790)
        #expect(try CatalogRepository(database: database).count() == 300)
    }

    @Test func everyBadRowIsReportedByLineAndNothingIsImported() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        let importer = CatalogImporter(database: database)
        _ = try importer.importCSV(atPath: try Fixture.path("catalog-sample.csv"))
        let before = try CatalogExporter(database: database).csv()
        let badRows = try Fixture.path("catalog-bad-rows.csv")

        do {
            _ = try importer.importCSV(atPath: badRows)
            Issue.record("a catalog with bad rows was accepted")
        } catch {
            guard case .catalogRejected(let problems) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(problems.map(\.description) == [
                "line 3: barcode 6901234567891 has a wrong check digit (expected 2)",
                "line 4: price_fen 18.60 is not a whole number of fen ≥ 0",
                "line 5: name is empty",
                "line 6: barcode 6916018159088 already appears on line 2",
                "line 7: expected 6 fields, found 5",
                "line 8: stock -3 is not a whole number ≥ 0",
                "line 10: barcode 6.91602E+12 is not 8, 12 or 13 digits (EAN-8, UPC-A, EAN-13)",
            ])
        }
        #expect(try CatalogExporter(database: database).csv() == before)
        #expect(try CatalogRepository(database: database).find(barcode: "6901234567908") == nil)
    }

    @Test func quotedFieldsWithCommasQuotesAndLineBreaksAreRead() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }

        _ = try CatalogImporter(database: database).importCSV(atPath: try Fixture.path("catalog-quoted.csv"))

        let product = try CatalogRepository(database: database).find(barcode: "6901234567892")
        #expect(product?.name == "立白洗衣液, 2kg \"特价\"\n限购两瓶")
        #expect(try CatalogRepository(database: database).find(barcode: "69012341")?.stock == 0)
    }

    @Test func spacesAroundValuesAreDropped() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }

        _ = try CatalogImporter(database: database).importCSV(bytes: Array(
            "barcode, name ,unit,price_fen,category,stock\n 6916018159088 ,\t雕牌洗衣粉 ,袋, 1860 ,日化, 9\n".utf8))

        #expect(try CatalogRepository(database: database).find(barcode: "6916018159088") == Product(
            barcode: "6916018159088", name: "雕牌洗衣粉", unit: "袋", priceFen: 1860, category: "日化", stock: 9))
    }

    @Test func aGBKFileIsRejectedAsNotUTF8() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }

        #expect(throws: StoreError.catalogRejected(problems: [
            CatalogProblem(line: 2, message: "text is not valid UTF-8 (save the file as UTF-8, not GBK)"),
        ])) {
            _ = try CatalogImporter(database: database).importCSV(atPath: try Fixture.path("catalog-gbk.csv"))
        }
    }

    @Test func aWrongHeaderAndAnUnclosedQuoteAreReported() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        let importer = CatalogImporter(database: database)

        #expect(throws: StoreError.catalogRejected(problems: [
            CatalogProblem(line: 1, message: "header must be barcode,name,unit,price_fen,category,stock (found barcode,name,price)"),
        ])) {
            _ = try importer.importCSV(bytes: Array("barcode,name,price\n".utf8))
        }
        #expect(throws: StoreError.catalogRejected(problems: [
            CatalogProblem(line: 2, message: "a quoted field is never closed"),
        ])) {
            _ = try importer.importCSV(bytes: Array("barcode,name,unit,price_fen,category,stock\n69012341,\"盐,袋,1,x,1\n".utf8))
        }
    }

    @Test func exportThenImportRoundTrips() throws {
        let first = try TemporaryDirectory()
        let source = try KioskDatabase.open(dataDirectory: first.path)
        defer { try? source.close() }
        _ = try CatalogImporter(database: source).importCSV(atPath: try Fixture.path("catalog-sample.csv"))
        _ = try CatalogImporter(database: source).importCSV(atPath: try Fixture.path("catalog-quoted.csv"))
        let exported = try CatalogExporter(database: source).csv()

        let second = try TemporaryDirectory()
        let copy = try KioskDatabase.open(dataDirectory: second.path)
        defer { try? copy.close() }
        let summary = try CatalogImporter(database: copy).importCSV(bytes: Array(exported.utf8))

        #expect(summary.rows == 302)
        #expect(try CatalogExporter(database: copy).csv() == exported)
        let all = { (database: KioskDatabase) in
            try database.pool.read { db in try Product.order(Column("barcode")).fetchAll(db) }
        }
        #expect(try all(copy) == all(source))
    }

    /// Found by fuzzing (#19): a name holding a CR LF line break was exported unquoted (CR LF is one
    /// Character, equal to neither "\r" nor "\n"), so the exported file no longer imported.
    @Test func aNameWithAWindowsLineBreakExportsQuotedAndImportsBack() {
        let product = Product(barcode: "96385074", name: "Rice\r\n5 kg", unit: "袋", priceFen: 3990, category: "粮油", stock: 3)
        let exported = CatalogExporter.csv(of: [product])
        #expect(exported.hasSuffix("96385074,\"Rice\r\n5 kg\",袋,3990,粮油,3\n"))
        let imported = CatalogImporter.validate(bytes: Array(exported.utf8))
        #expect(imported.problems.isEmpty)
        #expect(imported.products == [product])
    }

    /// Found by fuzzing (#19): a quote followed by a combining mark is one Character, so the
    /// Character-wise replacement left it undoubled and the exported row no longer imported.
    @Test func aQuoteBeforeACombiningMarkIsDoubledOnExport() {
        let product = Product(barcode: "96385074", name: "Rice", unit: "袋", priceFen: 3990, category: "粮\"\u{35F}油", stock: 3)
        let exported = CatalogExporter.csv(of: [product])
        #expect(exported.hasSuffix(",\"粮\"\"\u{35F}油\",3\n"))
        #expect(CatalogImporter.validate(bytes: Array(exported.utf8)).products == [product])
    }

    @Test func progressIsReportedUpToTheLastRow() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        var lines = ["barcode,name,unit,price_fen,category,stock"]
        for serial in 0..<1_200 {
            let payload = "20" + String(format: "%010d", serial)
            lines.append("\(payload)\(GTIN.checkDigit(forPayload: payload)!),称重商品\(serial),kg,\(serial),生鲜,1")
        }
        var calls: [Int] = []
        _ = try CatalogImporter(database: database).importCSV(bytes: Array(lines.joined(separator: "\n").utf8)) { done, total in
            #expect(total == 1_200)
            calls.append(done)
        }
        #expect(calls == [500, 1_000, 1_200])
    }
}
