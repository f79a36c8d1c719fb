@testable import KioskRuntime
@testable import KioskStore
import Testing

/// What the operator's screen says of the upload to the county hub.
@Suite("the upload on the screen")
struct UplinkShownTests {
    static let enrolled = UplinkEnrolment(hubURL: "https://hub.example.cn:8470", stationID: "SIM-0001")

    @Test("a station not enrolled with a hub shows nothing of it")
    func notEnrolled() {
        let progress = UplinkProgress(enrolment: nil, acknowledgedSequence: 0, lastSequence: 40)
        #expect(Station.uplinkView(progress, zh: true) == nil)
    }

    @Test("the backlog, the last upload in Beijing time and the last problem, in the board's language")
    func waiting() throws {
        // 2026-12-02 06:05 UTC is 14:05 in Beijing.
        let progress = UplinkProgress(enrolment: Self.enrolled, acknowledgedSequence: 28, lastSequence: 40,
                                      lastUploadMs: 1_796_191_500_000, lastAttemptMs: 1_796_191_560_000,
                                      lastProblem: "the hub did not answer")
        let chinese = try #require(Station.uplinkView(progress, zh: true))
        #expect(chinese.backlog == 12)
        #expect(chinese.text == "待上传 12 条")
        #expect(chinese.lastUploadText == "12-02 14:05")
        #expect(chinese.problem == "the hub did not answer")
        #expect(Station.uplinkView(progress, zh: false)?.text == "12 to upload")
    }

    @Test("a hub that holds everything reads as all uploaded")
    func drained() {
        let progress = UplinkProgress(enrolment: Self.enrolled, acknowledgedSequence: 40, lastSequence: 40, lastUploadMs: 1)
        #expect(Station.uplinkView(progress, zh: true)?.text == "已全部上传")
        #expect(Station.uplinkView(progress, zh: false)?.text == "all uploaded")
    }
}
