import KioskBoard
import KioskCore
import KioskSimulation
import KioskStore

/// Files people edit by hand: scenarios, boards, catalogs.
enum FileChecks {
    /// A scenario parses line by line: each step is what its line alone parses to, steps keep file
    /// order, an error names a line of the file, and CR LF line ends read as LF ones do.
    static func scenario(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        let parsed = Result { () throws(ScenarioParseError) in try ScenarioParser.parse(text, fileName: "fuzz.scenario") }
        let crlf = text.replacing("\n", with: "\r\n")
        let parsedCRLF = Result { () throws(ScenarioParseError) in try ScenarioParser.parse(crlf, fileName: "fuzz.scenario") }
        switch (parsed, parsedCRLF) {
        case (.success(let scenario), .success(let again)):
            require(scenario.steps == again.steps, "CR LF line ends change the steps")
        case (.failure(let error), .failure(let again)):
            require(error.line == again.line, "CR LF line ends move an error from line \(error.line) to \(again.line)")
        default:
            require(false, "CR LF line ends change whether the scenario parses")
        }
        do throws(ScenarioParseError) {
            let scenario = try ScenarioParser.parse(text, fileName: "fuzz.scenario")
            var previous = 0
            for step in scenario.steps {
                require(step.line > previous && step.line <= lines.count, "step on line \(step.line) after \(previous)")
                previous = step.line
                let alone = try? ScenarioParser.parse(String(lines[step.line - 1]), fileName: "line")
                require(alone?.steps.map(\.action) == [step.action], "line \(step.line) parses differently alone")
            }
        } catch {
            require(error.fileName == "fuzz.scenario", "error names file \(error.fileName)")
            require((1 ... lines.count).contains(error.line), "error on line \(error.line) of \(lines.count)")
        }
    }

    /// A board that loads gives limits the core accepts and USB ids that read back as written; an
    /// error names the file and, when it has one, a line of it.
    static func board(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        do throws(BoardError) {
            let board = try BoardLoader.parse(text, file: "fuzz/board.yaml")
            let limits = board.limits
            let core = try? CoreLimits(
                maxOpenOrders: limits.maxOpenOrders, maxLinesPerOrder: limits.maxLinesPerOrder,
                maxPendingPayments: limits.maxPendingPayments, maxCreditAccounts: limits.maxCreditAccounts)
            require(core != nil, "board limits \(limits) are refused by the core")
            for device in board.devices {
                guard case .usb(let id, _) = device.connection else { continue }
                require(USBIdentifier(parsing: id.description) == id, "USB id \(id) does not read back")
            }
            require(Set(board.devices.map(\.role)).count == board.devices.count, "two devices share a role")
        } catch {
            require(error.file == "fuzz/board.yaml", "error names file \(error.file)")
            if let line = error.line {
                // YAML ends a line at LF, at CR LF, and at a lone CR.
                let lineCount = 1 + bytes.indices.count { index in
                    bytes[index] == 0x0A || (bytes[index] == 0x0D && bytes.indices.last != index && bytes[index + 1] != 0x0A)
                        || (bytes[index] == 0x0D && bytes.indices.last == index)
                }
                require((1 ... lineCount + 1).contains(line), "error on line \(line) of \(lineCount)")
            }
        }
    }

    /// A catalog either imports, and then exports to CSV that imports to the same products, or is
    /// refused with problems on lines of the file.
    static func catalog(_ bytes: [UInt8]) {
        let (products, problems) = CatalogImporter.validate(bytes: bytes)
        if problems.isEmpty {
            require(Set(products.map(\.barcode)).count == products.count, "a barcode imported twice")
            for product in products {
                require(GTIN.isValid(product.barcode), "barcode \(product.barcode) imported")
                require(product.priceFen >= 0 && product.stock >= 0, "negative price or stock imported")
            }
            let exported = Array(CatalogExporter.csv(of: products).utf8)
            let again = CatalogImporter.validate(bytes: exported)
            require(again.problems.isEmpty, "exported catalog refused: \(again.problems)")
            require(again.products == products, "exported catalog imports differently")
        } else {
            let lineCount = bytes.count { $0 == UInt8(ascii: "\n") } + 1
            for problem in problems {
                require((1 ... lineCount).contains(problem.line), "problem on line \(problem.line) of \(lineCount)")
            }
        }
    }
}
