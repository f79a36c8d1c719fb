import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kiosk scale read` against an MT-SICS scale played on a pseudo-terminal by this test.
@Suite("kiosk scale read")
struct ScaleCommandTests {
    @Test("prints each stable weight taken as weight_g N; motion and over capacity go to standard error")
    func readsAnMTSICSScaleOnATTY() throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        try #require(openpty(&master, &slave, &name, nil, nil) == 0)
        defer {
            close(master)
            close(slave)
        }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let replies = ["S D     1.100 kg", "S S     1.250 kg", "S S     1.250 kg", "S +", "S S     0.000 kg",
                       "S S     0.800 kg", "S S     0.800 kg"]
        let stop = PeerStop()
        let (fd, answers) = (master, replies)
        let peer = Thread {
            var left = answers
            var buffer = [UInt8](repeating: 0, count: 256)
            while !stop.flag.load(ordering: .acquiring) {
                var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&waiting, 1, 20) > 0 else { continue }
                let count = read(fd, &buffer, buffer.count)
                guard count > 0 else { continue }
                for _ in buffer.prefix(count).filter({ $0 == 0x0A }) where !left.isEmpty {
                    let reply = Array((left.removeFirst() + "\r\n").utf8)
                    _ = reply.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                }
            }
        }
        peer.start()
        defer { stop.flag.store(true, ordering: .releasing) }
        let result = try KioskExecutable.run(["scale", "read", "--tty", path, "--protocol", "mt-sics", "--agree", "2", "--count", "2"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "weight_g 1250\nweight_g 800\n")
        #expect(result.standardError.contains("scale not steady"))
        #expect(result.standardError.contains("over capacity"))
    }

    @Test("a tty without a protocol is a usage error naming both")
    func ttyNeedsProtocol() throws {
        let result = try KioskExecutable.run(["scale", "read", "--tty", "/dev/null"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("--protocol mt-sics"))
    }
}

/// Tells the scale's peer thread to stop.
private final class PeerStop: Sendable {
    let flag = Atomic<Bool>(false)
}
