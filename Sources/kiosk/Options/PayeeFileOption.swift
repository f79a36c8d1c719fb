import KioskAcquirers

/// `--payee FILE` of `kiosk run`: the Alipay app that pays farmers for produce by transfer, checked
/// before the station starts.
enum PayeeFileOption {
    static let help = "An Alipay acquirer file (provider alipay, endpoint, app_id, key_file, alipay_public_key_file…) whose app pays farmers' accounts for produce by transfer (单笔转账); without it produce is paid in cash."

    /// The checked payee file at `path`; a broken one, or one for WeChat Pay, is a one-line error and exit code 2.
    static func load(_ path: String) throws -> AcquirerConfiguration {
        let configuration = try AcquirerFileOption.load(path)
        guard configuration.provider == .alipay else {
            throw CommandFailure("payee file \(path): `provider` must be alipay (farmers are paid by Alipay transfer)", exitCode: 2)
        }
        return configuration
    }
}
