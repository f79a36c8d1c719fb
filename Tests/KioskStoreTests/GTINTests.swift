import Testing
@testable import KioskStore

@Suite struct GTINTests {
    @Test(arguments: ["6916018159088", "6931318609132", "69012341", "036000291452", "4006381333931"])
    func realCodesAreValid(_ code: String) {
        #expect(GTIN.isValid(code))
    }

    @Test func aWrongCheckDigitIsCaughtAndTheRightOneNamed() {
        #expect(!GTIN.isValid("6901234567891"))
        #expect(GTIN.checkDigit(forPayload: "690123456789") == 2)
        #expect(GTIN.checkDigit(forPayload: "03600029145") == 2)
        #expect(GTIN.checkDigit(forPayload: "6901234") == 1)
    }

    @Test func lettersAndOtherLengthsAreInvalid() {
        #expect(!GTIN.isValid("690123456789A"))
        #expect(!GTIN.isValid("691601815908"))
        #expect(!GTIN.isValid(""))
        #expect(GTIN.checkDigit(forPayload: "") == nil)
    }
}
