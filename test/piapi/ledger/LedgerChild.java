package piapi.ledger;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import piapi.observe.Events;
import piapi.observe.LogSink;
import piapi.observe.Metrics;
import piapi.usage.Usage;

/**
 * The process {@link LedgerKillTest} kills: it appends entries through the real ledger as fast as the writer
 * keeps up, and after each flush prints {@code synced <n>}: entries 0..n-1 are on the disk. Arguments: the usage
 * directory, the instance name, the time to stamp entries with.
 */
public final class LedgerChild {
    private LedgerChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Instant time = Instant.parse(args[2]);
        LogSink sink = new LogSink(System.err, 1024);
        Events events = new Events(sink);
        Ledger ledger = Ledger.open(LedgerOptions.of(dir, null, args[1], () -> ZoneId.of("UTC"), () -> 0, Clock.systemUTC(), events,
                new Metrics()));
        AtomicLong appended = new AtomicLong();
        Thread appender = Thread.ofPlatform().name("appender").start(() -> {
            for (long i = 0; ; i++) {
                // keep the writer's queue from overflowing: the test is about the disk, not about memory
                while (ledger.status().queued() > LedgerOptions.QUEUE_CAPACITY / 2) Thread.onSpinWait();
                ledger.append(new LedgerEntry(time, "c" + i, "alice", "claude_code", "anthropic", "main", "claude-sonnet-4-5",
                        "claude-sonnet-4-5", 200, "ok", new Usage(7, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, 3, Usage.ABSENT, Usage.ABSENT),
                        1000, UsageState.COMPLETE, false));
                appended.set(i + 1);
            }
        });
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        while (appender.isAlive()) {
            long n = appended.get();
            if (ledger.flush(Duration.ofSeconds(30))) out.println("synced " + n);
        }
    }
}
