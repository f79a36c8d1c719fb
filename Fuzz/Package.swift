// swift-tools-version: 6.1
//
// libFuzzer targets over the kiosk's parsers of outside bytes. Not part of the root package's build:
// scripts/fuzz builds this one with -sanitize=fuzzer,address in its own scratch path (.build-fuzz).
// One executable serves every target; KIOSK_FUZZ_TARGET names the one to run.
import PackageDescription

let package = Package(
    name: "kiosk-fuzz",
    dependencies: [.package(name: "kiosk", path: "..")],
    targets: [
        // The declaration of libFuzzer's driver, which -sanitize=fuzzer links.
        .systemLibrary(name: "CFuzzerDriver"),
        .executableTarget(
            name: "KioskFuzz",
            dependencies: ["CFuzzerDriver", .product(name: "KioskFuzzChecks", package: "kiosk")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
