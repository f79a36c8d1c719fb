import Foundation

/// The screen's files, read once at start from the `Page` resources that ship beside the binary
/// (`kiosk_KioskScreen.resources`, which `scripts/install-station` installs with it).
public struct ScreenPages: Sendable {
    public struct Page: Sendable {
        public let path: String
        public let contentType: String
        public let bytes: [UInt8]
    }

    /// Path served → file in `Page/`.
    static let files: [(path: String, file: String, type: String)] = [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/customer", "customer.html", "text/html; charset=utf-8"),
        ("/screen.css", "screen.css", "text/css; charset=utf-8"),
        ("/screen.js", "screen.js", "text/javascript; charset=utf-8"),
        ("/customer.js", "customer.js", "text/javascript; charset=utf-8"),
    ]

    public let all: [Page]

    /// Reads the pages; throws when the resources are not beside the binary.
    public init() throws {
        guard let directory = Self.resourceDirectory() else { throw ScreenPagesMissing() }
        all = try Self.files.map { entry in
            let data = try Data(contentsOf: directory.appendingPathComponent("Page").appendingPathComponent(entry.file))
            return Page(path: entry.path, contentType: entry.type, bytes: Array(data))
        }
    }

    /// Where the resources are: beside the running binary (installed, or in the build folder), or beside
    /// the test runner's bundle.
    static func resourceDirectory() -> URL? {
        let name = "kiosk_KioskScreen.resources"
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [executable, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
            .map { $0.appendingPathComponent(name) }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Page").path) }
    }
}

/// The screen's resources are not beside the binary.
public struct ScreenPagesMissing: Error, CustomStringConvertible {
    public var description: String { "the screen's pages (kiosk_KioskScreen.resources) are not beside the kiosk binary" }
}
