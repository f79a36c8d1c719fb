import Foundation
import KioskAcquirers
import KioskCore
import Testing
@testable import KioskEngine
@testable import KioskRuntime

/// The protocol server in Tests/Peers/biller_agent.py, started on loopback for one test: its port is
/// the first line it prints; closing its stdin stops it.
final class LoopbackAgent {
    let process = Process()
    private let input = Pipe()
    let port: Int

    init(secret: String) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Repository.root.appendingPathComponent("Tests/Peers/biller_agent.py").path, secret]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") {
            line.append(byte)
        }
        port = Int(String(decoding: line, as: UTF8.self)) ?? 0
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

@Suite("The agent service's protocol: HTTP + JSON, HMAC-SHA256 both ways, one payment per key")
struct AgentServiceBillerPortTests {
    static let secret = "village-station-secret"

    static func port(_ agent: LoopbackAgent, secret: String = Self.secret) throws -> AgentServiceBillerPort {
        #expect(agent.port > 0, "the agent printed its port")
        return AgentServiceBillerPort(baseURL: try #require(URL(string: "http://127.0.0.1:\(agent.port)")),
                                      stationID: "SIM-0001", secret: Array(secret.utf8))
    }

    static func payment(_ account: String, key: String) -> BillerPayment {
        BillerPayment(billID: 1, key: key, billerCode: "sgcc", account: account, amountFen: 12_345)
    }

    @Test("lookup, payment and its repeat under the same key, pending then success, refusal, unknown key")
    func protocolRoundTrips() throws {
        let agent = try LoopbackAgent(secret: Self.secret)
        defer { agent.stop() }
        let port = try Self.port(agent)
        let lookup = try #require(port.lookUp(billerCode: "sgcc", account: "3301234567", nowMs: 1))
        #expect(lookup.holderMasked == "王*英" && lookup.dueFen == 12_345 && lookup.rule == .exact)
        #expect(port.lookUp(billerCode: "sgcc", account: "0001234567", nowMs: 1) == nil)

        let paid = port.pay(Self.payment("3301230001", key: "SIM-0001-B1"), nowMs: 2)
        guard case .succeeded(let reference)? = paid.first?.answer else { Issue.record("not paid: \(paid)"); return }
        #expect(port.pay(Self.payment("3301230001", key: "SIM-0001-B1"), nowMs: 3).first?.answer == .succeeded(reference: reference),
                "a repeated key is answered with its first outcome, not paid again")
        #expect(port.query(Self.payment("3301230001", key: "SIM-0001-B1"), nowMs: 4).first?.answer == .succeeded(reference: reference))

        #expect(port.pay(Self.payment("3301230002", key: "SIM-0001-B2"), nowMs: 5).first?.answer == .pending)
        #expect(port.query(Self.payment("3301230002", key: "SIM-0001-B2"), nowMs: 6).first?.answer == .pending)
        guard case .succeeded(let later)? = port.query(Self.payment("3301230002", key: "SIM-0001-B2"), nowMs: 7).first?.answer
        else { Issue.record("the pending payment did not settle"); return }
        #expect(later != reference)

        #expect(port.pay(Self.payment("3301230003", key: "SIM-0001-B3"), nowMs: 8).first?.answer == .failed(reason: "户号已销户"))
        #expect(port.query(Self.payment("3301230001", key: "SIM-0001-B9"), nowMs: 9).first?.answer == .unknown)
    }

    @Test("a request signed with another secret is refused, and an answer not signed with ours is no answer")
    func signaturesAreChecked() throws {
        let agent = try LoopbackAgent(secret: Self.secret)
        defer { agent.stop() }
        #expect(try Self.port(agent, secret: "someone-else").lookUp(billerCode: "sgcc", account: "3301234567", nowMs: 1) == nil)
        let port = try Self.port(agent)
        #expect(port.pay(Self.payment("3301230009", key: "SIM-0001-B4"), nowMs: 2).isEmpty,
                "a forged answer is dropped: the bill's queries ask again")
        #expect(BillerAgentAnswers.signature(Array("key".utf8), Array("The quick brown fox jumps over the lazy dog".utf8))
            == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", "RFC test value of HMAC-SHA256")
    }
}
