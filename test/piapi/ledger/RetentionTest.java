package piapi.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.ledger.LedgerFixture.flushOrFail;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RetentionTest {
    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    @Test
    void filesPastTheRetentionGoButTheCurrentMonthStays() {
        assertTrue(Retention.keeps(TODAY, TODAY, 5));
        assertTrue(Retention.keeps(TODAY.minusDays(5), TODAY, 5));
        assertTrue(Retention.keeps(LocalDate.of(2026, 3, 1), TODAY, 1), "the current month is needed for monthly quotas");
        assertFalse(Retention.keeps(LocalDate.of(2026, 2, 28), TODAY, 5));
        assertTrue(Retention.keeps(LocalDate.of(2026, 2, 28), TODAY, 10));
        assertFalse(Retention.keeps(LocalDate.of(2026, 2, 27), TODAY, 10));
        assertTrue(Retention.keeps(LocalDate.of(2000, 1, 1), TODAY, 0), "0 keeps everything");
    }

    @Test
    void theWriterDeletesEveryInstancesOldFilesAtStartAndEachNewDay() throws IOException {
        try (LedgerFixture f = new LedgerFixture(Instant.parse("2026-03-10T12:00:00Z"))) {
            f.retentionDays = 7;
            Files.createDirectories(f.dir);
            for (String name : new String[] {"2026-02-01.node-a.jsonl", "2026-02-01.gone-replica.jsonl", "2026-03-02.node-a.jsonl",
                    "2026-03-31.node-b.jsonl", "notes.txt"}) {
                Files.writeString(f.dir.resolve(name), "");
            }
            Ledger l = f.open("node-a");
            flushOrFail(l); // the writer has run its first round, retention included
            assertFalse(Files.exists(f.dir.resolve("2026-02-01.node-a.jsonl")));
            assertFalse(Files.exists(f.dir.resolve("2026-02-01.gone-replica.jsonl")), "a replica that is gone leaves nothing behind");
            assertTrue(Files.exists(f.dir.resolve("2026-03-02.node-a.jsonl")), "this month's files stay");
            assertTrue(Files.exists(f.dir.resolve("2026-03-31.node-b.jsonl")));
            assertTrue(Files.exists(f.dir.resolve("notes.txt")), "only ledger files are touched");
            f.log.await("ledger_files_deleted", m -> "ledger_files_deleted".equals(m.get("event")) && Long.valueOf(2).equals(m.get("count")));

            f.clock.advance(java.time.Duration.ofDays(30)); // 9 April: the start of March is past the retention now
            f.retentionDays = 10; // read live: a reload applies at the next day
            l.append(f.entry("r", "alice", 1, 1, 1));
            flushOrFail(l);
            assertFalse(Files.exists(f.dir.resolve("2026-03-02.node-a.jsonl")));
            assertTrue(Files.exists(f.dir.resolve("2026-03-31.node-b.jsonl")), "9 April minus 10 days is 30 March: the 31st stays");
        }
    }
}
