import KioskCore
import Testing

@Suite("A farmer's Alipay login for transfers")
struct PayeeAccountTests {
    @Test("a mobile number or an e-mail address is a login, shown masked", arguments: [
        ("13812345678", "138****5678"), ("wangjg@example.com", "w***@example.com"), ("a@b.cn", "a***@b.cn"),
    ])
    func accepted(_ text: String, _ masked: String) throws {
        let account = try #require(PayeeAccount(text))
        #expect(account.login == text && account.masked == masked)
    }

    @Test("anything else is refused", arguments: [
        "", "1381234567", "138123456789", "23812345678", "1381234567x", "@example.com", "wang@", "wang@example",
        "wang@example.", "wang@@example.com", "wang jg@example.com", "王@example.com", "wang@.com",
    ])
    func refused(_ text: String) {
        #expect(PayeeAccount(text) == nil)
    }
}
