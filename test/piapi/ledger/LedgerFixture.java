package piapi.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import piapi.observe.Events;
import piapi.observe.LogFormat;
import piapi.observe.LogLevel;
import piapi.observe.LogSink;
import piapi.observe.Metrics;
import piapi.support.LogCapture;
import piapi.support.TestClock;
import piapi.usage.Usage;

/** A temp usage dir, a captured log, a registry and a hand-moved clock, for ledgers under test. Close it to clean up. */
final class LedgerFixture implements AutoCloseable {
    final Path root;
    final Path dir;
    final LogCapture log = new LogCapture();
    final LogSink sink = new LogSink(log, 4096);
    final TestClock clock;
    final Events events;
    final Metrics metrics = new Metrics();
    final AtomicReference<ZoneId> zone = new AtomicReference<>(ZoneId.of("UTC"));
    int retentionDays = 90;
    private final List<Ledger> opened = new ArrayList<>();

    LedgerFixture(Instant start) throws IOException {
        root = Files.createTempDirectory("piapi-ledger");
        dir = root.resolve("usage");
        clock = new TestClock(start);
        events = new Events(sink, LogLevel.INFO, LogFormat.JSON, clock);
    }

    LedgerFixture() throws IOException {
        this(Instant.parse("2026-03-10T12:00:00Z"));
    }

    LedgerOptions options(String instance) {
        return LedgerOptions.of(dir, null, instance, zone::get, () -> retentionDays, clock, events, new Metrics());
    }

    Ledger open(String instance) {
        return open(options(instance));
    }

    Ledger open(LedgerOptions options) {
        Ledger l = Ledger.open(options);
        opened.add(l);
        return l;
    }

    /** A fresh registry per ledger would hide the counters: this one shares the fixture's. */
    LedgerOptions sharedMetrics(String instance) {
        return LedgerOptions.of(dir, null, instance, zone::get, () -> retentionDays, clock, events, metrics);
    }

    static LedgerEntry entry(String id, Instant time, String user, long input, long output, long costNanos) {
        return new LedgerEntry(time, id, user, "claude_code", "anthropic", "main", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929",
                200, "ok", new Usage(input, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, output, Usage.ABSENT, Usage.ABSENT), costNanos,
                UsageState.COMPLETE, false);
    }

    LedgerEntry entry(String id, String user, long input, long output, long costNanos) {
        return entry(id, clock.instant(), user, input, output, costNanos);
    }

    List<String> lines(String fileName) throws IOException {
        return Files.readAllLines(dir.resolve(fileName));
    }

    double metric(String name) {
        return ((Number) metricValue(name)).doubleValue();
    }

    private Object metricValue(String name) {
        for (String line : metrics.render().split("\n")) {
            if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1));
        }
        throw new AssertionError("no sample " + name);
    }

    static void flushOrFail(Ledger l) {
        if (!l.flush(Duration.ofSeconds(20))) throw new AssertionError("flush did not complete");
    }

    @Override
    public void close() throws IOException {
        for (Ledger l : opened) l.close(Duration.ofSeconds(5));
        sink.close();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
