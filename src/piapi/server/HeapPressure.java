package piapi.server;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.management.NotificationEmitter;

/**
 * Whether the heap is nearly full of live objects, as the last collection of the old generation found it:
 * above {@link #HIGH} of its maximum, new requests are refused. It catches what the per-request budget
 * cannot see (unusually large headers, many TLS connections, a part of piapi that grew): the last line
 * before an OutOfMemoryError. The old generation is only measured when it is collected, so a refusal also
 * ends once a quarter of the requests open when it began have finished (what they held is garbage then)
 * or after {@link #HOLD_NANOS}; the next collection decides again. Per request it costs a volatile read;
 * the measuring runs once per collection, on the JVM's notification thread.
 */
final class HeapPressure {
    static final double HIGH = 0.85;
    static final long HOLD_NANOS = 5_000_000_000L;

    private final Supplier<MemoryUsage> oldAfterCollection; // null: never tight
    private final IntSupplier open;
    private final LongSupplier nanoTime;
    private volatile boolean raised;
    private volatile int openWhenRaised;
    private volatile long raisedAt;

    /** {@code oldAfterCollection}: the old generation's usage after its last collection (null when unknown). */
    HeapPressure(Supplier<MemoryUsage> oldAfterCollection, IntSupplier open, LongSupplier nanoTime) {
        this.oldAfterCollection = oldAfterCollection;
        this.open = open;
        this.nanoTime = nanoTime;
    }

    /** Never tight: a runtime without java.management, or a collector whose pools cannot be read. */
    static HeapPressure none() {
        return new HeapPressure(null, () -> 0, System::nanoTime);
    }

    /** The pool a full collection frees: "Tenured Gen" (serial), "G1 Old Gen", "PS Old Gen"; null when there is none. */
    static MemoryPoolMXBean oldGeneration() {
        try {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                        && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                    return pool;
                }
            }
        } catch (LinkageError | RuntimeException e) {
            // no management support: the count budget alone
        }
        return null;
    }

    /** Runs {@code action} after every garbage collection of this JVM, on its notification thread; false when it cannot. */
    static boolean afterEachCollection(Runnable action) {
        try {
            boolean any = false;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener((n, handback) -> action.run(), null, null);
                    any = true;
                }
            }
            return any;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    boolean tight() {
        if (!raised) return false;
        int before = openWhenRaised;
        if ((before > 0 && open.getAsInt() <= before * 3 / 4) || nanoTime.getAsLong() - raisedAt > HOLD_NANOS) {
            raised = false;
            return false;
        }
        return true;
    }

    /** After a collection: the old generation's occupancy after it, against its maximum. */
    void collected() {
        MemoryUsage after = oldAfterCollection == null ? null : oldAfterCollection.get();
        if (after == null) return;
        long max = after.getMax() > 0 ? after.getMax() : Runtime.getRuntime().maxMemory();
        if (after.getUsed() <= HIGH * max) {
            raised = false;
        } else if (!raised) {
            openWhenRaised = open.getAsInt();
            raisedAt = nanoTime.getAsLong();
            raised = true;
        }
    }
}
