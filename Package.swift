// swift-tools-version: 6.1
//
// The village kiosk runtime: a pure domain core (KioskCore) with adapters around it —
// boards as data, SQLite storage, USB devices, the maintenance shell, the runtime that
// wires them, and the one `kiosk` executable.
import PackageDescription

let strictSwift6: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "kiosk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kiosk", targets: ["kiosk"]),
        // The county hub: receives every station's journal over the uplink into PostgreSQL.
        .executable(name: "kiosk-hub", targets: ["kiosk-hub"]),
        // For the libFuzzer package in Fuzz/ (built by scripts/fuzz), which runs the same checks.
        .library(name: "KioskFuzzChecks", targets: ["KioskFuzzChecks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        // The hub only (kiosk-hub, KioskHub): never linked into the station's targets.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // The domain: money, barcodes, the fixed-memory order and payment machines. No I/O.
        .target(name: "KioskCore", swiftSettings: strictSwift6),
        // Board definitions (boards/<name>/board.yaml): parsing and validation.
        .target(
            name: "KioskBoard",
            dependencies: ["KioskCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSwift6
        ),
        // A SQLite VFS that loses unsynced writes on a power cut, for tests and scripts/crashtest --power-cuts.
        // It links the same system libsqlite3 as GRDB's GRDBSQLite module, so one SQLite is in the process.
        .target(name: "CPowerCutVFS", linkerSettings: [.linkedLibrary("sqlite3")]),
        // SQLite persistence through GRDB: migrations, catalog, orders, journal, outbox.
        .target(
            name: "KioskStore",
            dependencies: ["KioskCore", "CPowerCutVFS", "KioskUplinkWire", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSwift6
        ),
        // libusb-1.0, found with pkg-config.
        .systemLibrary(
            name: "CLibUSB",
            pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]
        ),
        // Scanner, printer, keypad, drawer: protocols, libusb drivers, ESC/POS, simulated devices.
        .target(
            name: "KioskDevices",
            dependencies: [
                "KioskCore", "KioskBoard", "CLibUSB",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // OpenSSL's libcrypto: PBKDF2-HMAC-SHA256 over technician PINs; the acquirers' HMAC-SHA256 and RSA2.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // posix_openpt and friends, which Swift's Glibc module leaves out.
        .systemLibrary(name: "CPseudoTerminal"),
        // The maintenance shell: transports, line editor, command tree, login.
        .target(
            name: "KioskShell",
            dependencies: [
                "KioskCore", "KioskStore", "CLibCrypto", "CPseudoTerminal",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // FreeType, for the simulated printer's receipt pictures (Chinese glyphs from a Debian font).
        .systemLibrary(
            name: "CFreeType",
            pkgConfig: "freetype2",
            providers: [.apt(["libfreetype-dev"])]
        ),
        // zlib, for the deflate stream inside the simulated printer's PNG receipts.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // QR code symbols (ISO/IEC 18004, byte mode): the simulated printer's, and the customer display's
        // payment QR.
        .target(name: "KioskQRCode", swiftSettings: strictSwift6),
        // Headless simulation: scenario files, seeded faults, simulated gateway and clock,
        // and the simulated printer that renders ESC/POS bytes to PNG receipts.
        .target(
            name: "KioskSimulation",
            dependencies: ["KioskCore", "KioskQRCode", "CFreeType", "CZlib"],
            swiftSettings: strictSwift6
        ),
        // The engine: one input → the machine → one commit → effects handed to workers; recovery at boot;
        // the receipt composer; the workers that need no hardware (the gateway's, the immediate printer's).
        .target(
            name: "KioskEngine",
            dependencies: [
                "KioskCore", "KioskBoard", "KioskStore", "KioskDevices", "KioskShell",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // The counter on real USB devices: the printer worker, the scanner and keypad tasks.
        .target(
            name: "KioskHardware",
            dependencies: [
                "KioskCore", "KioskBoard", "KioskStore", "KioskDevices", "KioskEngine",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // The simulated station: the engine with simulated devices, gateway and clock, scenarios run,
        // generated days, the report.
        .target(
            name: "KioskSimulator",
            dependencies: [
                "KioskCore", "KioskBoard", "KioskStore", "KioskDevices", "KioskEngine", "KioskSimulation",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // The real acquirers behind the gateway port: WeChat Pay v2 付款码支付 and Alipay 当面付 bar_code,
        // over HTTPS, every answer's signature verified; and the acquirer file that configures one.
        .target(
            name: "KioskAcquirers",
            dependencies: [
                "KioskCore", "KioskEngine", "CLibCrypto",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // The operator's screen: an HTTP and WebSocket server on loopback that pushes the station's state
        // to a page shipped in the resources, and hands touch actions back as station inputs.
        .target(
            name: "KioskScreen",
            dependencies: [
                "KioskCore", "KioskQRCode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Page")],
            swiftSettings: strictSwift6
        ),
        // A running station: picks the simulated or the hardware counter, the event loop, the maintenance
        // shell's host, daily backups, logging.
        .target(
            name: "KioskRuntime",
            dependencies: [
                "KioskCore", "KioskBoard", "KioskStore", "KioskDevices", "KioskShell",
                "KioskSimulation", "KioskEngine", "KioskHardware", "KioskSimulator", "KioskAcquirers", "KioskScreen", "CLibCrypto",
                "KioskUplink",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "kiosk",
            dependencies: [
                "KioskCore", "KioskBoard", "KioskStore", "KioskDevices", "KioskShell", "KioskRuntime",
                "KioskEngine", "KioskSimulator", "KioskAcquirers", "KioskUplink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // Benchmarks run by scripts/bench: they print figures, they do not assert timings.
        .executableTarget(
            name: "KioskBench",
            dependencies: [
                "KioskCore", "KioskStore", "KioskBoard", "KioskDevices", "KioskEngine", "KioskSimulator",
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            swiftSettings: strictSwift6
        ),
        // Property checks over every parser of outside bytes: trap when one breaks. Run by the
        // libFuzzer targets in Fuzz/ and, over the committed corpora, by KioskFuzzTests.
        .target(
            name: "KioskFuzzChecks",
            dependencies: [
                "KioskCore", "KioskBoard", "KioskStore", "KioskDevices", "KioskShell", "KioskSimulation",
                "KioskAcquirers", "KioskEngine", "KioskUplinkWire", "CLibCrypto",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // The uplink's wire format, shared by the station and the hub: batches of journal entries, the
        // hub's answer, HMAC-SHA256 request signing. Foundation and libcrypto only: no NIO, no Hummingbird.
        .target(name: "KioskUplinkWire", dependencies: ["CLibCrypto"], swiftSettings: strictSwift6),
        // The station's side of the uplink: batches from the store, signed, sent over URLSession, backoff.
        .target(
            name: "KioskUplink",
            dependencies: ["KioskStore", "KioskUplinkWire"],
            swiftSettings: strictSwift6
        ),
        // scripts/fleet's driver: thousands of station uplinks with their own stores in one process.
        .executableTarget(
            name: "kiosk-fleet",
            dependencies: [
                "KioskCore", "KioskStore", "KioskUplink", "KioskUplinkWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // scripts/bench hub's load client (HubLoadConnection).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSwift6
        ),
        // The county hub: PostgreSQL schema and migrations, idempotent batch ingestion, station keys,
        // the HTTP API (Hummingbird + PostgresNIO).
        .target(
            name: "KioskHub",
            dependencies: [
                "KioskUplinkWire", "KioskCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "kiosk-hub",
            dependencies: [
                "KioskHub", "KioskUplinkWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .testTarget(name: "KioskCoreTests", dependencies: ["KioskCore"], swiftSettings: strictSwift6),
        .testTarget(
            name: "KioskBoardTests",
            dependencies: ["KioskBoard"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "KioskStoreTests",
            dependencies: ["KioskStore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift6
        ),
        // Test-only: emulated USB devices on a umockdev testbed (umockdev is loaded at run time, so
        // building needs no umockdev), and the scenario runner the device tests start under
        // LD_PRELOAD=libumockdev-preload.so.0.
        .target(name: "CUSBEmulator"),
        .executableTarget(
            name: "KioskUSBEmulator",
            dependencies: [
                "KioskCore", "KioskDevices", "KioskBoard", "KioskStore", "KioskRuntime", "KioskEngine",
                "KioskHardware", "CUSBEmulator",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "KioskDevicesTests",
            dependencies: ["KioskCore", "KioskDevices", "KioskHardware", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "KioskShellTests",
            dependencies: ["KioskCore", "KioskShell", "KioskStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSwift6
        ),
        .testTarget(name: "KioskSimulationTests", dependencies: ["KioskCore", "KioskSimulation"], swiftSettings: strictSwift6),
        .testTarget(
            name: "KioskFuzzTests",
            dependencies: ["KioskFuzzChecks", "KioskCore", "KioskAcquirers"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "KioskAcquirersTests",
            dependencies: ["KioskAcquirers", "KioskEngine", "KioskCore", "KioskSimulator", "KioskBoard", "KioskStore"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "KioskRuntimeTests",
            dependencies: [
                "KioskRuntime", "KioskEngine", "KioskSimulator", "KioskDevices", "KioskHardware", "KioskShell",
                "KioskScreen",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "KioskUplinkTests",
            dependencies: ["KioskUplink", "KioskUplinkWire", "KioskStore", "KioskCore"],
            swiftSettings: strictSwift6
        ),
        // Needs PostgreSQL 15 (scripts/setup --test): the tests start a private cluster with scripts/postgres.
        .testTarget(
            name: "KioskHubTests",
            dependencies: [
                "KioskHub", "KioskUplink", "KioskUplinkWire", "KioskStore", "KioskCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift6
        ),
    ],
    swiftLanguageModes: [.v6]
)
