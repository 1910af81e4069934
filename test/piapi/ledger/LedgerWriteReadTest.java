package piapi.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.ledger.LedgerFixture.flushOrFail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Appending, the day files, and reading back every instance's files plus what is not yet written. */
class LedgerWriteReadTest {
    final LedgerFixture f = new LedgerFixture();

    LedgerWriteReadTest() throws IOException {}

    @AfterEach
    void cleanUp() throws IOException {
        f.close();
    }

    static List<String> ids(Ledger l, LocalDate from, LocalDate to, ZoneId zone) throws IOException {
        List<String> out = new ArrayList<>();
        l.read(from, to, zone, e -> out.add(e.requestId()));
        return out;
    }

    @Test
    void entriesLandInTodaysFileOfThisInstance() throws IOException {
        Ledger l = f.open("node-a");
        l.append(f.entry("r1", "alice", 10, 5, 1000));
        l.append(f.entry("r2", "bob", 20, 6, LedgerEntry.UNPRICED));
        flushOrFail(l);
        List<String> lines = f.lines("2026-03-10.node-a.jsonl");
        assertEquals(2, lines.size());
        assertEquals(f.entry("r1", "alice", 10, 5, 1000), LedgerLine.parse(lines.get(0)));
        assertTrue(lines.get(1).contains("\"unpriced\":true"));
    }

    @Test
    void namesOutsideAsciiAreWrittenAsUtf8BesideAsciiLines() throws IOException {
        Ledger l = f.open("node-a");
        l.append(f.entry("r1", "Zoë 🦊", 10, 5, 1000));
        l.append(f.entry("r2", "alice", 20, 6, 2000));
        l.append(f.entry("r3", "Ωmega\u2028", 30, 7, 3000));
        flushOrFail(l);
        List<String> lines = f.lines("2026-03-10.node-a.jsonl");
        assertEquals(List.of(f.entry("r1", "Zoë 🦊", 10, 5, 1000), f.entry("r2", "alice", 20, 6, 2000), f.entry("r3", "Ωmega\u2028", 30, 7, 3000)),
                lines.stream().map(LedgerLine::parse).toList());
    }

    @Test
    void theDayFollowsTheConfiguredTimeZone() throws IOException {
        f.zone.set(ZoneId.of("America/New_York"));
        Ledger l = f.open("node-a");
        // 03:30 UTC on the 10th is still the 9th in New York
        l.append(LedgerFixture.entry("late", Instant.parse("2026-03-10T03:30:00Z"), "alice", 1, 1, 0));
        l.append(LedgerFixture.entry("next", Instant.parse("2026-03-10T05:30:00Z"), "alice", 1, 1, 0));
        flushOrFail(l);
        assertEquals(1, f.lines("2026-03-09.node-a.jsonl").size());
        assertEquals(1, f.lines("2026-03-10.node-a.jsonl").size());
        ZoneId ny = ZoneId.of("America/New_York");
        assertEquals(List.of("late"), ids(l, LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 9), ny));
        assertEquals(List.of("late", "next"), ids(l, LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 10), ny));
        // asked in UTC, both are on the 10th: the file names do not decide, the entries' times do
        assertEquals(List.of("late", "next"), ids(l, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC")));
    }

    @Test
    void readingSeesEveryInstanceAndWhatIsNotWrittenYetExactlyOnce() throws IOException {
        Files.createDirectories(f.dir);
        Files.writeString(f.dir.resolve("2026-03-09.node-b.jsonl"), LedgerLineTest.line(
                LedgerFixture.entry("b1", Instant.parse("2026-03-09T10:00:00Z"), "carol", 1, 1, 5)) + "\n");
        Ledger l = Ledger.open(f.options("node-a").withCapacities(1000, 1000));
        try {
            l.append(f.entry("a1", "alice", 1, 1, 1));
            flushOrFail(l);
            l.append(f.entry("a2", "alice", 1, 1, 1)); // may or may not be written when read: seen once either way
            List<String> seen = ids(l, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), ZoneId.of("UTC"));
            assertEquals(Set.of("b1", "a1", "a2"), new HashSet<>(seen));
            assertEquals(3, seen.size(), "no entry twice: " + seen);
        } finally {
            l.close();
        }
    }

    @Test
    void concurrentReadsNeverCountAnEntryTwiceNorMissAFlushedOne() throws Exception {
        Ledger l = Ledger.open(f.options("node-a").withCapacities(64, 100_000));
        try {
            int total = 5000;
            Thread appender = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < total; i++) l.append(f.entry("r" + i, "alice", 1, 1, 1));
            });
            int reads = 0;
            while (appender.isAlive() || reads < 3) {
                List<String> seen = ids(l, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC"));
                Set<String> unique = new HashSet<>(seen);
                assertEquals(unique.size(), seen.size(), "an entry read twice");
                // entries are appended in order, so what was seen is a prefix of them
                for (int i = 0; i < unique.size(); i++) assertTrue(unique.contains("r" + i), "r" + i + " missing among " + unique.size());
                reads++;
            }
            appender.join();
            flushOrFail(l);
            assertEquals(total, ids(l, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC")).size());
            assertEquals(total, f.lines("2026-03-10.node-a.jsonl").size());
        } finally {
            l.close();
        }
    }

    @Test
    void aTornLastLineIsSkippedCountedAndEndedBeforeTheNextAppend() throws IOException {
        Files.createDirectories(f.dir);
        String good = LedgerLineTest.line(f.entry("old1", "alice", 1, 1, 1));
        Files.writeString(f.dir.resolve("2026-03-10.node-a.jsonl"), good + "\n" + good.substring(0, 40), StandardCharsets.UTF_8);
        Ledger l = Ledger.open(f.sharedMetrics("node-a"));
        try {
            assertEquals(List.of("old1"), ids(l, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC")));
            l.append(f.entry("new1", "alice", 1, 1, 1));
            flushOrFail(l);
            List<String> lines = f.lines("2026-03-10.node-a.jsonl");
            assertEquals(3, lines.size(), "the torn fragment got its own line: " + lines);
            assertEquals(good.substring(0, 40), lines.get(1));
            assertEquals("new1", LedgerLine.parse(lines.get(2)).requestId());
            List<String> seen = new ArrayList<>();
            long unreadable = l.read(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC"), e -> seen.add(e.requestId()));
            assertEquals(List.of("old1", "new1"), seen);
            assertEquals(1, unreadable);
            assertTrue(f.metric("piapi_ledger_unreadable_lines_total") >= 1);
        } finally {
            l.close();
        }
    }

    @Test
    void anotherReplicasTornLineIsSkippedToo() throws IOException {
        Files.createDirectories(f.dir);
        String good = LedgerLineTest.line(LedgerFixture.entry("b1", Instant.parse("2026-03-01T10:00:00Z"), "bob", 1, 1, 1));
        Files.writeString(f.dir.resolve("2026-03-01.node-b.jsonl"), good + "\n" + good.substring(0, 30));
        Ledger l = f.open("node-a");
        List<String> seen = new ArrayList<>();
        long unreadable = l.read(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 1), ZoneId.of("UTC"), e -> seen.add(e.requestId()));
        assertEquals(List.of("b1"), seen);
        assertEquals(1, unreadable, "an unfinished last line is a torn line");
    }

    @Test
    void aFullQueueHoldsEntriesInMemoryAndWritesThemLater() throws IOException {
        Ledger l = f.open(f.sharedMetrics("node-a").withCapacities(2, 100));
        // a directory where today's file should be: every write fails until it is gone
        Files.createDirectories(f.dir.resolve("2026-03-10.node-a.jsonl"));
        for (int i = 0; i < 10; i++) l.append(f.entry("r" + i, "alice", 1, 1, 1));
        assertFalse(l.flush(Duration.ofSeconds(20)), "the write cannot succeed yet");
        assertTrue(f.metric("piapi_ledger_held_total") >= 8, "entries went to memory");
        assertEquals(10, ids(l, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC")).size(), "held entries are read");
        assertTrue(f.metric("piapi_ledger_write_failures_total") >= 1);
        f.log.await("ledger_write_failed event", m -> "ledger_write_failed".equals(m.get("event")));
        f.log.await("ledger_queue_full event", m -> "ledger_queue_full".equals(m.get("event")));
        Files.delete(f.dir.resolve("2026-03-10.node-a.jsonl"));
        flushOrFail(l);
        assertEquals(10, f.lines("2026-03-10.node-a.jsonl").size(), "nothing lost once the disk works");
        assertEquals(0, f.metric("piapi_ledger_lost_total"));
        assertEquals(10, ids(l, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC")).size(), "and nothing read twice");
        f.log.await("ledger_write_recovered event", m -> "ledger_write_recovered".equals(m.get("event")));
    }

    @Test
    void whenMemoryIsFullTooTheLossIsCountedAndLoggedAsAnError() throws IOException {
        Ledger l = f.open(f.sharedMetrics("node-a").withCapacities(1, 2));
        Files.createDirectories(f.dir.resolve("2026-03-10.node-a.jsonl"));
        for (int i = 0; i < 20; i++) l.append(f.entry("r" + i, "alice", 1, 1, 1));
        assertFalse(l.flush(Duration.ofSeconds(20)));
        assertTrue(f.metric("piapi_ledger_lost_total") > 0);
        f.log.await("ledger_entries_lost event", m -> "ledger_entries_lost".equals(m.get("event")) && "error".equals(m.get("level")));
    }

    @Test
    void aRestartAppendsToTheSameDayFile() throws IOException {
        Ledger first = Ledger.open(f.options("node-a"));
        first.append(f.entry("r1", "alice", 1, 1, 1));
        first.close();
        Ledger second = f.open("node-a");
        second.append(f.entry("r2", "alice", 1, 1, 1));
        flushOrFail(second);
        assertEquals(2, f.lines("2026-03-10.node-a.jsonl").size());
        assertEquals(List.of("r1", "r2"), ids(second, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC")));
    }

    @Test
    void closeWritesWhatIsQueued() throws IOException {
        Ledger l = Ledger.open(f.options("node-a"));
        for (int i = 0; i < 100; i++) l.append(f.entry("r" + i, "alice", 1, 1, 1));
        l.close();
        assertEquals(100, f.lines("2026-03-10.node-a.jsonl").size());
    }

    @Test
    void twoProcessesNeverShareAnInstanceName() throws IOException {
        Ledger a = f.open("node-a");
        Ledger b = f.open("node-a");
        assertEquals("node-a", a.instance());
        assertTrue(b.instance().startsWith("node-a-"), b.instance());
        f.log.await("ledger_instance_in_use event", m -> "ledger_instance_in_use".equals(m.get("event")));
        a.append(f.entry("a", "alice", 1, 1, 1));
        b.append(f.entry("b", "alice", 1, 1, 1));
        flushOrFail(a);
        flushOrFail(b);
        assertEquals(1, f.lines("2026-03-10.node-a.jsonl").size());
        assertEquals(1, f.lines("2026-03-10." + b.instance() + ".jsonl").size());
        assertEquals(2, ids(a, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC")).size());
    }

    @Test
    void withoutADataDirUsageIsKeptInMemoryAndSaysSo() throws IOException {
        LedgerOptions o = LedgerOptions.of(null, "cannot write to /ro: AccessDeniedException", "node-a", f.zone::get, () -> 90, f.clock,
                f.events, f.metrics).withCapacities(10, 3);
        Ledger l = f.open(o);
        for (int i = 0; i < 5; i++) l.append(f.entry("r" + i, "alice", 1, 1, 1));
        assertEquals(List.of("r2", "r3", "r4"), ids(l, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC")),
                "the newest entries are kept");
        assertFalse(l.status().onDisk());
        assertEquals("cannot write to /ro: AccessDeniedException", l.status().memoryOnlyReason());
        assertEquals(1, f.metric("piapi_ledger_memory_only"));
        assertEquals(2, f.metric("piapi_ledger_lost_total"));
        f.log.await("ledger_memory_only event", m -> "ledger_memory_only".equals(m.get("event")));
        assertFalse(l.flush(Duration.ofSeconds(1)), "nothing can be flushed to a disk there is not");
    }

    @Test
    void anUnusableDirectoryFallsBackToMemory() throws IOException {
        Files.createDirectories(f.root);
        Files.writeString(f.dir, "a file where the directory should be", StandardOpenOption.CREATE);
        Ledger l = f.open("node-a");
        assertFalse(l.status().onDisk());
        assertTrue(l.status().memoryOnlyReason().contains("cannot write to"), l.status().memoryOnlyReason());
        l.append(f.entry("r1", "alice", 1, 1, 1));
        assertEquals(List.of("r1"), ids(l, LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC")));
    }

    /** The writer syncs on its own, without a flush or a close: at most {@code syncInterval} (1 s) after a write. */
    @Test
    void writtenEntriesAreSyncedWithinTheSyncIntervalWithoutAFlush() throws IOException {
        LedgerOptions options = f.sharedMetrics("node-a");
        assertEquals(Duration.ofSeconds(1), options.syncInterval(), "fsynced at least every second");
        Ledger l = f.open(options);
        l.append(f.entry("r1", "alice", 10, 5, 1000));
        piapi.support.Await.until("the writer's own fsync", Duration.ofSeconds(20), () -> f.metric("piapi_ledger_syncs_total") >= 1);
        assertEquals(1, f.lines("2026-03-10.node-a.jsonl").size());
    }
}
