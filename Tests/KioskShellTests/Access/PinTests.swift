import Foundation
import KioskShell
import KioskStore
import Testing

@Suite struct PinTests {
    @Test func aDigestMatchesOnlyItsOwnPIN() throws {
        let digest = try PinDigest.derive(pin: "2468", iterations: 1_000)
        #expect(digest.matches(pin: "2468"))
        #expect(!digest.matches(pin: "2469"))
        #expect(!digest.matches(pin: ""))
        #expect(digest.salt.count == 16 && digest.hash.count == 32)
    }

    @Test func theSamePINGetsADifferentSaltAndHashEachTime() throws {
        let first = try PinDigest.derive(pin: "2468", iterations: 1_000)
        let second = try PinDigest.derive(pin: "2468", iterations: 1_000)
        #expect(first.salt != second.salt)
        #expect(first.hash != second.hash)
    }

    @Test func theDerivationIsPBKDF2HMACSHA256() throws {
        // RFC 7914 §11 test vector for PBKDF2-HMAC-SHA-256 (P="passwd", S="salt", c=1).
        let digest = PinDigest(
            salt: Array("salt".utf8),
            hash: [0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f, 0xec, 0x16, 0x91, 0xc2, 0x25, 0x44, 0xb6, 0x05,
                   0xf9, 0x41, 0x85, 0x21, 0x6d, 0xde, 0x04, 0x65, 0xe6, 0x8b, 0x9d, 0x57, 0xc2, 0x0d, 0xac, 0xbc],
            algorithm: PinDigest.algorithm, iterations: 1
        )
        #expect(digest.matches(pin: "passwd"))
    }

    @Test func enrolmentRefusesBadPINsNamesAndDuplicates() throws {
        let fixture = try ShellFixture()
        func add(_ name: String, _ pin: String, _ confirmation: String) throws {
            _ = try TechnicianEnrolment.add(
                name: name, role: .technician, pin: pin, confirmation: confirmation, into: fixture.store,
                now_ms: 0, iterations: 1_000
            )
        }
        #expect(throws: TechnicianEnrolment.Failure.pin(.invalidFormat)) { try add("zhao", "123", "123") }
        #expect(throws: TechnicianEnrolment.Failure.pin(.invalidFormat)) { try add("zhao", "12a4", "12a4") }
        #expect(throws: TechnicianEnrolment.Failure.pin(.mismatch)) { try add("zhao", "1234", "1235") }
        #expect(throws: TechnicianEnrolment.Failure.invalidName("zh ao")) { try add("zh ao", "1234", "1234") }
        #expect(throws: TechnicianEnrolment.Failure.duplicate("wang")) { try add("wang", "1234", "1234") }
        try add("zhao", "12345678", "12345678")
        let stored = try #require(try fixture.store.account(named: "zhao"))
        #expect(stored.pin.iterations == 1_000)
        #expect(stored.pin.matches(pin: "12345678"))
    }

    @Test func productionPINsUseAtLeastAHundredThousandIterations() {
        #expect(PinDigest.defaultIterations >= 100_000)
    }
}

@Suite struct LoginPolicyTests {
    @Test func delaysStartAtTheThirdFailureDoubleAndStayCapped() {
        let policy = LoginPolicy(firstDelay_ms: 1_000, maxDelay_ms: 30_000)
        #expect((1...7).map { policy.delay_ms(afterFailures: $0) } == [0, 0, 1_000, 2_000, 4_000, 8_000, 16_000])
        #expect(policy.delay_ms(afterFailures: 60) == 30_000)
        #expect(!policy.locks(afterFailures: 4) && policy.locks(afterFailures: 5))
    }
}
