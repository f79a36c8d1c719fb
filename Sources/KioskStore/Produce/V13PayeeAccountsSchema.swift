import GRDB

/// The account each farmer is paid to by transfer (their Alipay login), kept beside the farmer and
/// copied into each payout when it is bought, so a payout sent again after a restart goes to the account
/// it was bought for even if the farmer has given another since. Kept in the store only: the journal
/// entries that travel to the county hub carry the masked phone, never the account.
enum V13PayeeAccountsSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13_payee_accounts") { db in
            try db.execute(sql: """
                ALTER TABLE produce_farmers ADD COLUMN payee_account TEXT;
                ALTER TABLE produce_payouts ADD COLUMN payee_account TEXT;
                """)
        }
    }
}
