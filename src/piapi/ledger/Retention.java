package piapi.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Deletes ledger files past {@code usage.retentionDays}, every instance's (a replica that is gone leaves files
 * that nobody else would delete). Files of the current calendar month are kept whatever the setting, since
 * monthly quotas are rebuilt from them at start.
 */
final class Retention {
    private Retention() {}

    /** Whether a file of {@code day} is kept on {@code today}. */
    static boolean keeps(LocalDate day, LocalDate today, int retentionDays) {
        return retentionDays <= 0 || !day.isBefore(today.minusDays(retentionDays)) || !day.isBefore(today.withDayOfMonth(1));
    }

    /** Deletes what is no longer kept; returns how many files went. A file another replica deleted first is fine. */
    static int apply(Path dir, LocalDate today, int retentionDays) throws IOException {
        if (retentionDays <= 0) return 0;
        int deleted = 0;
        for (LedgerFiles.LedgerFile f : LedgerFiles.list(dir)) {
            if (!keeps(f.day(), today, retentionDays) && Files.deleteIfExists(f.path())) deleted++;
        }
        return deleted;
    }
}
