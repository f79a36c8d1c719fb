import KioskCore
import Yams

/// Turns the YAML tree of a board file into a ``Board``, validating every value on the way.
///
/// Limits are bounded on both sides: a board cannot ask for zero lines per order, nor for tables so large
/// that a cheap station board could not reserve them at boot.
struct BoardDecoder {
    let file: String

    func decode(_ root: Node) throws(BoardError) -> Board {
        var top = try YAMLMapping(root, file: file, path: "")
        var identity = try top.mapping("board")
        let name = try identity.string("name")
        let vendor = try identity.string("vendor")
        let description = try identity.string("description")
        try identity.finish()

        let deviceNodes = try top.sequence("devices")
        var devices: [DeviceDeclaration] = []
        for (index, node) in deviceNodes.enumerated() {
            devices.append(try device(node, path: "devices[\(index)]"))
        }
        try checkRolesUnique(devices, deviceNodes)

        var limitsMapping = try top.mapping("limits")
        let limits = try self.limits(&limitsMapping)
        var stationMapping = try top.mapping("station")
        let station = try self.station(&stationMapping)
        var shellMapping = try top.mapping("shell")
        let shell = try self.shell(&shellMapping)
        var parcels = ParcelSettings()
        if var parcelsMapping = try top.optionalMapping("parcels") { parcels = try self.parcels(&parcelsMapping) }
        var screen = ScreenSettings()
        if var screenMapping = try top.optionalMapping("screen") {
            screen = try self.screen(&screenMapping)
        }
        let billsMapping = try top.optionalMapping("bills")
        let bills = try billsMapping.map { mapping throws(BoardError) in
            var section = mapping
            return try self.bills(&section)
        }
        let keypadKeys = devices.first { $0.role == .keypad }?.keyMap ?? [:]
        if let key = bills?.keys.keys.sorted().first(where: { keypadKeys[$0] != nil }) {
            throw BoardError(file: file, line: billsMapping?.line, key: "bills.billers.key",
                             message: "key '\(key)' is the keypad's \(keypadKeys[key]!.rawValue) already")
        }
        try top.finish()
        var board = Board(name: name, vendor: vendor, description: description, devices: devices,
                          limits: limits, station: station, shell: shell, bills: bills)
        board.parcels = parcels
        board.screen = screen
        return board
    }

    private func screen(_ mapping: inout YAMLMapping) throws(BoardError) -> ScreenSettings {
        let addressNode = mapping.node("address")
        let address = try mapping.optionalString("address") ?? "127.0.0.1"
        guard ["127.0.0.1", "0.0.0.0", "::1", "::"].contains(address) else {
            throw mapping.error("address", addressNode, "'\(address)' is neither loopback (127.0.0.1, ::1) nor every address (0.0.0.0, ::)")
        }
        let settings = ScreenSettings(address: address, port: try mapping.int("port", in: 1...65_535, default: 8080))
        try mapping.finish()
        return settings
    }

    private func bills(_ mapping: inout YAMLMapping) throws(BoardError) -> BoardBills {
        let queryLimitS = try mapping.int("query_limit_s", in: 30...86_400, default: 600)
        let maxBillYuan = try mapping.int("max_bill_yuan", in: 1...100_000, default: 5_000)
        let giveUpAfterS = try mapping.int("give_up_after_s", in: queryLimitS...604_800, default: max(86_400, queryLimitS))
        let nodes = try mapping.sequence("billers")
        var billers: [Biller] = []
        var barcodes: [String: BillBarcodeFormat] = [:]
        var keys: [String: String] = [:]
        for (index, node) in nodes.enumerated() {
            var biller = try YAMLMapping(node, file: file, path: "bills.billers[\(index)]")
            let code = try biller.string("code")
            let name = try biller.string("name")
            let kindNode = biller.node("kind")
            let kindName = try biller.string("kind")
            guard let kind = BillerKind(boardName: kindName) else {
                throw biller.error("kind", kindNode, "expected \(BillerKind.boardNames) (found '\(kindName)')")
            }
            guard Biller.codeIsValid(code), !billers.contains(where: { $0.code == code }) else {
                throw biller.error("code", nil, "a biller's code is 1 to \(Biller.maximumCodeBytes) characters and unique (found '\(code)')")
            }
            guard Biller.nameIsValid(name) else {
                throw biller.error("name", nil, "a biller's name is 1 to \(Biller.maximumNameBytes) bytes (found '\(name)')")
            }
            let barcodeNode = biller.node("barcode")
            if let pattern = try biller.optionalString("barcode") {
                guard let format = BillBarcodeFormat(pattern: pattern) else {
                    throw biller.error("barcode", barcodeNode, "\(BillBarcodeFormat.patternRule) (found '\(pattern)')")
                }
                barcodes[code] = format
            }
            let keyNode = biller.node("key")
            if let key = try biller.optionalString("key") {
                guard !key.isEmpty, keys[key] == nil else {
                    throw biller.error("key", keyNode, "a bill key names one keypad key, for one biller (found '\(key)')")
                }
                keys[key] = code
            }
            try biller.finish()
            billers.append(Biller(code: code, name: name, kind: kind))
        }
        try mapping.finish()
        return BoardBills(queryLimitS: queryLimitS, maxBillYuan: maxBillYuan, billers: billers, giveUpAfterS: giveUpAfterS,
                          barcodes: barcodes, keys: keys)
    }

    private func checkRolesUnique(_ devices: [DeviceDeclaration], _ nodes: [Node]) throws(BoardError) {
        var seen: Set<DeviceRole> = []
        for (index, device) in devices.enumerated() where !seen.insert(device.role).inserted {
            throw BoardError(file: file, line: nodes[index].mark?.line, key: "devices[\(index)].role",
                             message: "a second \(device.role.rawValue) (one device per role)")
        }
        guard seen.contains(.printer), seen.contains(.scanner) else {
            throw BoardError(file: file, line: nil, key: "devices",
                             message: "a board needs at least a printer and a scanner")
        }
    }

    private func device(_ node: Node, path: String) throws(BoardError) -> DeviceDeclaration {
        var mapping = try YAMLMapping(node, file: file, path: path)
        let role = try mapping.choice("role", DeviceRole.self)
        let deviceProtocol = try mapping.choice("protocol", DeviceProtocol.self)
        try checkProtocol(deviceProtocol, fits: role, &mapping)
        let connection = try self.connection(&mapping, deviceProtocol)
        var declaration = DeviceDeclaration(role: role, deviceProtocol: deviceProtocol, connection: connection,
                                            printer: nil, scanner: nil, keyMap: [:], drawer: nil)
        switch role {
        case .printer:
            var settings = try mapping.mapping("paper")
            declaration.printer = try printer(&settings, &mapping)
        case .scanner:
            declaration.scanner = ScannerSettings(
                readGapMs: try mapping.int("read_gap_ms", in: 5...2_000, default: 50),
                debounceWindowMs: try mapping.int("debounce_ms", in: 0...10_000, default: 800))
        case .keypad:
            var keys = try mapping.mapping("keys")
            declaration.keyMap = try keypadActions(&keys)
            try keys.finish()
        case .drawer:
            declaration.drawer = DrawerSettings(pin: try drawerPin(&mapping),
                                                pulseMs: try mapping.int("pulse_ms", in: 2...510, default: 100))
        case .scale:
            declaration.scale = try scale(&mapping, deviceProtocol)
        }
        try mapping.finish()
        return declaration
    }

    private func checkProtocol(_ deviceProtocol: DeviceProtocol, fits role: DeviceRole,
                               _ mapping: inout YAMLMapping) throws(BoardError) {
        let allowed: [DeviceProtocol]
        switch role {
        case .printer: allowed = [.printerClass]
        case .scanner: allowed = [.hidKeyboard, .hidPOS, .cdcACM]
        case .keypad: allowed = [.hidKeyboard]
        case .drawer: allowed = [.printerPort]
        case .scale: allowed = [.hidScale, .mtSICS, .toledo8217]
        }
        guard allowed.contains(deviceProtocol) else {
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            throw mapping.error("protocol", mapping.node("protocol"),
                                "'\(deviceProtocol.rawValue)' cannot drive a \(role.rawValue) (use \(names))")
        }
    }

    private func connection(_ mapping: inout YAMLMapping,
                            _ deviceProtocol: DeviceProtocol) throws(BoardError) -> DeviceConnection {
        if try mapping.bool("simulated", default: false) {
            return .simulated
        }
        if deviceProtocol == .printerPort {
            return .printerPort
        }
        if deviceProtocol == .cdcACM || deviceProtocol == .mtSICS || deviceProtocol == .toledo8217 {
            return .serial(path: try mapping.string("tty"))
        }
        let usbNode = try mapping.requiredNode("usb")
        let text = try mapping.string("usb")
        guard let identifier = USBIdentifier(parsing: text) else {
            throw mapping.error("usb", usbNode, "'\(text)' is not a USB id (write VVVV:PPPP in hexadecimal, e.g. 0416:5011)")
        }
        return .usb(identifier, interface: try mapping.int("interface", in: 0...31, default: 0))
    }

    private func scale(_ mapping: inout YAMLMapping, _ deviceProtocol: DeviceProtocol) throws(BoardError) -> ScaleSettings {
        var baud = 9600
        var pollIntervalMs = 200
        if deviceProtocol != .hidScale {
            let baudNode = mapping.node("baud")
            baud = try mapping.int("baud", in: 1200...115_200, default: 9600)
            guard [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115_200].contains(baud) else {
                throw mapping.error("baud", baudNode, "\(baud) is not a standard serial speed")
            }
            pollIntervalMs = try mapping.int("poll_ms", in: 50...5_000, default: 200)
        }
        return ScaleSettings(
            baud: baud,
            readingsToAgree: try mapping.int("readings_to_agree", in: 1...20, default: 3),
            pollIntervalMs: pollIntervalMs,
            silenceMs: try mapping.int("silence_ms", in: 200...30_000, default: 2_000))
    }

    private func printer(_ paper: inout YAMLMapping, _ mapping: inout YAMLMapping) throws(BoardError) -> PrinterSettings {
        let widthNode = paper.node("width_dots")
        let widthDots = try paper.int("width_dots", in: 384...576)
        let columns = try paper.int("columns", in: 32...48)
        guard widthDots == 384 || widthDots == 576 else {
            throw paper.error("width_dots", widthNode, "must be 384 (58 mm paper) or 576 (80 mm paper)")
        }
        let expectedColumns = widthDots / 12
        guard columns == expectedColumns else {
            throw paper.error("columns", paper.node("columns"),
                              "\(widthDots) dots hold \(expectedColumns) columns of 12-dot characters, not \(columns)")
        }
        try paper.finish()
        return PrinterSettings(
            paperWidthDots: widthDots, columns: columns,
            chineseModeCommands: try mapping.bool("chinese_mode", default: true),
            codePage: try mapping.choice("code_page", CodePage.self, default: .gb18030),
            hasCutter: try mapping.bool("cutter", default: true),
            automaticStatusBack: try mapping.bool("automatic_status_back", default: false))
    }

    private func keypadActions(_ keys: inout YAMLMapping) throws(BoardError) -> [String: KeypadAction] {
        var actions: [String: KeypadAction] = [:]
        for key in keys.keys {
            actions[key] = try keys.choice(key, KeypadAction.self)
        }
        return actions
    }

    private func drawerPin(_ mapping: inout YAMLMapping) throws(BoardError) -> Int {
        let node = mapping.node("pin")
        let pin = try mapping.int("pin", in: 2...5, default: 2)
        guard pin == 2 || pin == 5 else {
            throw mapping.error("pin", node, "a drawer connector has pins 2 and 5 only (found \(pin))")
        }
        return pin
    }

    private func limits(_ mapping: inout YAMLMapping) throws(BoardError) -> BoardLimits {
        let limits = BoardLimits(
            maxOpenOrders: try mapping.int("max_open_orders", in: 1...256),
            maxLinesPerOrder: try mapping.int("max_lines_per_order", in: 1...512),
            maxPendingPayments: try mapping.int("max_pending_payments", in: 1...256),
            maxCreditAccounts: try mapping.int("max_credit_accounts", in: 0...10_000),
            printQueueDepth: try mapping.int("print_queue_depth", in: 1...1_024),
            shellHistory: try mapping.int("shell_history", in: 1...1_000),
            maxScanLength: try mapping.int("max_scan_length", in: 8...512),
            backupsKept: try mapping.int("backups_kept", in: 1...365),
            shellIdleTimeoutS: try mapping.int("shell_idle_timeout_s", in: 30...86_400),
            maxCashTenderYuan: try mapping.int("max_cash_tender_yuan", in: 1...1_000_000, default: 10_000))
        try mapping.finish()
        return limits
    }

    private func parcels(_ mapping: inout YAMLMapping) throws(BoardError) -> ParcelSettings {
        var settings = ParcelSettings()
        settings.shelves = try mapping.int("shelves", in: 1...9, default: settings.shelves)
        settings.layers = try mapping.int("layers", in: 1...9, default: settings.layers)
        let perLayerNode = mapping.node("parcels_per_layer")
        settings.parcelsPerLayer = try mapping.int("parcels_per_layer", in: 1...999, default: settings.parcelsPerLayer)
        guard settings.shelves * settings.layers * settings.parcelsPerLayer < 10_000 else {
            throw mapping.error("parcels_per_layer", perLayerNode,
                                "shelves × layers × parcels per layer must stay under 10000 (each parcel needs its own number)")
        }
        settings.holdDays = try mapping.int("hold_days", in: ParcelHoldPolicy.allowedDays, default: settings.holdDays)
        for carrier in Carrier.allCases {
            let key = "hold_days_\(carrier.name)"
            if mapping.node(key) != nil {
                settings.holdDaysByCarrier[carrier.name] = try mapping.int(key, in: ParcelHoldPolicy.allowedDays)
            }
        }
        settings.notification = try mapping.choice("notification", ParcelSettings.Notification.self, default: .slip)
        settings.modemTTY = try mapping.optionalString("modem_tty")
        if settings.notification == .modem, settings.modemTTY == nil {
            throw mapping.error("notification", mapping.node("notification"), "a modem needs modem_tty (its AT-command tty)")
        }
        settings.generatedPerHundredCustomers = try mapping.int("generated_per_100_customers", in: 0...1_000,
                                                                 default: settings.generatedPerHundredCustomers)
        try mapping.finish()
        return settings
    }

    private func station(_ mapping: inout YAMLMapping) throws(BoardError) -> StationDefaults {
        let idNode = mapping.node("id")
        let stationID = try mapping.string("id")
        guard !stationID.isEmpty, stationID.utf8.count <= 32,
              stationID.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") })
        else {
            throw mapping.error("id", idNode, "must be 1 to 32 letters, digits or '-' (found '\(stationID)')")
        }
        let header = try mapping.string("receipt_header")
        var defaults = StationDefaults(stationID: stationID, receiptHeader: header,
                                       locale: try mapping.choice("locale", StationLocale.self, default: .zhHans))
        defaults.scaleLabels = try mapping.choice("scale_labels", ScaleLabelLayout.self, default: .price)
        try mapping.finish()
        return defaults
    }

    private func shell(_ mapping: inout YAMLMapping) throws(BoardError) -> ShellTransport {
        let kind = try mapping.string("transport")
        let transport: ShellTransport
        switch kind {
        case "pty":
            transport = .pty
        case "none":
            transport = .none
        case "serial":
            let path = try mapping.string("tty")
            let baudNode = mapping.node("baud")
            let baud = try mapping.int("baud", in: 1_200...921_600, default: 115_200)
            let standard = [1_200, 2_400, 4_800, 9_600, 19_200, 38_400, 57_600, 115_200, 230_400, 460_800, 921_600]
            guard standard.contains(baud) else {
                throw mapping.error("baud", baudNode, "\(baud) is not a standard serial speed")
            }
            transport = .serial(path: path, baud: baud)
        default:
            throw mapping.error("transport", mapping.node("transport"), "unknown value '\(kind)' (allowed: serial, pty, none)")
        }
        try mapping.finish()
        return transport
    }
}
