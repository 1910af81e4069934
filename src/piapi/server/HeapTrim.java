package piapi.server;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A soft ceiling on the serial collector's old generation. That collector grows the old generation towards
 * {@code -Xmx} rather than collect it, so records that live a little too long to die young (the request log's
 * last thousand requests, above all) pile up there as garbage until the heap reaches its maximum: under c=64
 * load the resident set grew to 457 MiB with {@code -Xmx512m} for 10-26 MiB of live data. After each young
 * collection, when the old generation holds more than {@link #FLOOR} plus twice the live data it is thought to
 * hold (what the last full collection left, plus what the requests in flight have reserved), a full collection
 * is asked for, at most once every {@link #MIN_INTERVAL_NANOS}; the heap's free ratios then hand the space back.
 * A full collection's pause grows with the live data and what it gives back is the garbage, so it runs only when
 * the garbage is at least the live data: tens of milliseconds now and then under a request load, and none while
 * thousands of open streams (hundreds of MiB live, a pause of 250 ms measured at 4,000) are still winding down.
 */
final class HeapTrim {
    static final long FLOOR = 32L << 20;
    static final long MIN_INTERVAL_NANOS = 5_000_000_000L;

    private final Supplier<MemoryUsage> oldNow;
    private final Supplier<MemoryUsage> oldAfterFull;
    private final LongSupplier reserved;
    private final LongSupplier nanoTime;
    private final Runnable fullCollection;
    private long lastTrim;
    private boolean trimmed;

    HeapTrim(Supplier<MemoryUsage> oldNow, Supplier<MemoryUsage> oldAfterFull, LongSupplier reserved, LongSupplier nanoTime,
             Runnable fullCollection) {
        this.oldNow = oldNow;
        this.oldAfterFull = oldAfterFull;
        this.reserved = reserved;
        this.nanoTime = nanoTime;
        this.fullCollection = fullCollection;
    }

    /** Whether this JVM runs the serial collector, the one that needs it ("Copy" and "MarkSweepCompact"). */
    static boolean serialCollector() {
        try {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc.getName().equals("MarkSweepCompact")) return true;
            }
        } catch (LinkageError | RuntimeException e) {
            // no management support: leave the collector alone
        }
        return false;
    }

    /** After a collection (on the JVM's notification thread): a full collection when the old generation holds too much garbage. */
    synchronized void collected() {
        MemoryUsage now = oldNow.get();
        if (now == null) return;
        MemoryUsage live = oldAfterFull.get();
        long ceiling = FLOOR + 2 * ((live == null ? 0 : live.getUsed()) + reserved.getAsLong());
        long t = nanoTime.getAsLong();
        if (now.getUsed() <= ceiling || (trimmed && t - lastTrim < MIN_INTERVAL_NANOS)) return;
        trimmed = true;
        lastTrim = t;
        fullCollection.run();
    }
}
