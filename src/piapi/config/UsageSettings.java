package piapi.config;

/**
 * The optional {@code usage} section: the usage ledger.
 *
 * @param retentionDays ledger files older than this many days are deleted (files of the current calendar month
 *                      are always kept, since monthly quotas are rebuilt from them); 0 keeps every file; default 90
 */
public record UsageSettings(int retentionDays) {
    public static final UsageSettings DEFAULTS = new UsageSettings(90);
}
