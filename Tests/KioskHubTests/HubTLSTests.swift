import Foundation
import KioskHub
import Testing

/// `kiosk-hub serve --tls-certificate … --tls-key …`: the hub speaks HTTPS itself, with a certificate a
/// client checks against the county's CA, and nothing in plain HTTP.
@Suite struct HubTLSTests {
    /// Runs `executable arguments`; its standard output and status.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (String, Int32) {
        let finished = try await ChildProcess.run(URL(fileURLWithPath: executable), arguments)
        return (finished.output, finished.status)
    }

    /// Python's HTTP client, trusting only `caFile`: the body of `url`, or the error's class name.
    static func fetch(_ url: URL, trusting caFile: String) async throws -> String {
        let script = """
            import ssl, sys, urllib.request
            context = ssl.create_default_context(cafile=sys.argv[2])
            try:
                print(urllib.request.urlopen(sys.argv[1], context=context, timeout=20).read().decode().strip())
            except Exception as error:
                print(type(error).__name__)
            """
        return try await run("/usr/bin/python3", ["-c", script, url.absoluteString, caFile]).0
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theHubServesHTTPSWithItsCertificateAndNoPlainHTTP() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-hub-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (certificate, key) = (directory + "/hub.pem", directory + "/hub-key.pem")
        let made = try await Self.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=kiosk-hub test", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", key, "-out", certificate,
        ])
        try #require(made.1 == 0, "openssl made the test certificate")
        let url = try await PostgresTestCluster.freshDatabase()
        try await HubHTTPTests.withHub(url, tls: HubServer.TLSFiles(certificateChainPath: certificate, privateKeyPath: key)) { hub in
            #expect(hub.scheme == "https")
            #expect(try await Self.fetch(hub.appendingPathComponent("v1/health"), trusting: certificate) == "ok")
            // Another CA's client does not take the hub's certificate; plain HTTP gets no answer.
            let (_, otherMade) = try await Self.run("/usr/bin/openssl", [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=another", "-keyout", directory + "/other-key.pem", "-out", directory + "/other.pem",
            ])
            try #require(otherMade == 0)
            #expect(try await Self.fetch(hub.appendingPathComponent("v1/health"), trusting: directory + "/other.pem") == "URLError")
            var plain = URLComponents(url: hub, resolvingAgainstBaseURL: false)!
            plain.scheme = "http"
            #expect(try await Self.fetch(plain.url!.appendingPathComponent("v1/health"), trusting: certificate) != "ok")
        }
    }
}
