import KioskAcquirers

/// `--acquirer FILE` of `kiosk run` and `kiosk sim`: the acquirer file, checked before the station starts.
enum AcquirerFileOption {
    static let help = "An acquirer file (YAML: provider wechat|alipay, endpoint, app_id, merchant_id, key_file…): code payments go to that real acquirer."

    /// The checked acquirer file at `path`; a broken one is a one-line error and exit code 2.
    static func load(_ path: String) throws -> AcquirerConfiguration {
        do {
            return try AcquirerConfiguration.load(path: path)
        } catch {
            throw CommandFailure(String(describing: error), exitCode: 2)
        }
    }
}
