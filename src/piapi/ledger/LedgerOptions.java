package piapi.ledger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import piapi.observe.Events;
import piapi.observe.Metrics;

/**
 * What a {@link Ledger} is built from.
 *
 * @param dir            the usage directory ({@code <data dir>/usage}), or null to keep usage in memory only
 * @param memoryOnlyWhy  why there is no directory (said at start and in the status), or null
 * @param instance       this process's name in file names ({@link InstanceId})
 * @param zone           the calendar the day files follow ({@code limits.timezone}; read live, so a reload applies)
 * @param retentionDays  {@code usage.retentionDays} (read live)
 * @param clock          for the retention's "today" and the status's times
 * @param events         where failures and recoveries are logged
 * @param metrics        the registry the ledger's families join
 * @param queueCapacity  entries the queue holds before new ones go to memory
 * @param heldCapacity   entries kept in memory (queue overflow, failed writes, memory-only mode) before any is lost
 * @param syncInterval   longest time between a write and its fsync (1 s)
 */
public record LedgerOptions(Path dir, String memoryOnlyWhy, String instance, Supplier<ZoneId> zone, IntSupplier retentionDays,
                            Clock clock, Events events, Metrics metrics, int queueCapacity, int heldCapacity, Duration syncInterval) {
    /** About 5 MB of entries waiting for the disk. */
    public static final int QUEUE_CAPACITY = 16_384;
    /** About 15 MB of entries kept in memory while the disk is slow, failing, or not writable. */
    public static final int HELD_CAPACITY = 50_000;

    /** The production sizes: a 16k queue, 50k entries in memory, a sync every second. */
    public static LedgerOptions of(Path dir, String memoryOnlyWhy, String instance, Supplier<ZoneId> zone, IntSupplier retentionDays,
                                   Clock clock, Events events, Metrics metrics) {
        return new LedgerOptions(dir, memoryOnlyWhy, instance, zone, retentionDays, clock, events, metrics, QUEUE_CAPACITY,
                HELD_CAPACITY, Duration.ofSeconds(1));
    }

    public LedgerOptions withCapacities(int queue, int held) {
        return new LedgerOptions(dir, memoryOnlyWhy, instance, zone, retentionDays, clock, events, metrics, queue, held, syncInterval);
    }
}
