package piapi.server;

import java.lang.management.MemoryPoolMXBean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The heap's budget for proxied requests in flight. Each one holds memory for as long as it lasts, and a
 * stream lasts minutes: the JDK server's buffers for its connection, the upstream connection's, the
 * exchange's objects and a parked virtual thread (about 53 KiB of live heap a stream at 2,000 open streams,
 * 35 KiB of it the JDK server's; see the README's "Performance"). Admission reserves {@link #COST} for each
 * request and refuses the next one, rather than let the heap run out, when the reservations would pass
 * {@link #SHARE} of the old generation (where a stream's objects end up), or while the last collection
 * found the heap nearly full ({@link HeapPressure}), whatever filled it.
 */
public final class StreamMemory {
    /** Heap one proxied request in flight may hold: the 53 KiB measured, with room for larger headers. */
    static final long COST = 64 * 1024;
    /** The share requests in flight may take; request bodies, idle connections, logs and the collector need the rest. */
    static final double SHARE = 0.6;

    private final int capacity;
    private final AtomicInteger open = new AtomicInteger();
    private final HeapPressure pressure;

    /** A budget over {@code heapBytes} of heap; {@code pressure} is given the count of requests in flight. */
    StreamMemory(long heapBytes, Function<IntSupplier, HeapPressure> pressure) {
        this.capacity = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (heapBytes * SHARE) / COST));
        this.pressure = pressure.apply(open::get);
    }

    /**
     * The budget for this JVM: a share of its old generation's maximum (the young generation is the
     * collector's working space), or of the maximum heap when the pools cannot be read.
     */
    public static StreamMemory forThisJvm() {
        MemoryPoolMXBean old = HeapPressure.oldGeneration();
        return new StreamMemory(budgetedHeap(old), open -> HeapPressure.watch(old, open));
    }

    /** The capacity {@link #forThisJvm} will have, for settings fixed before the gateway starts. */
    static int capacityForThisJvm() {
        return new StreamMemory(budgetedHeap(HeapPressure.oldGeneration()), open -> HeapPressure.none()).capacity();
    }

    private static long budgetedHeap(MemoryPoolMXBean old) {
        return old != null && old.getUsage().getMax() > 0 ? old.getUsage().getMax() : Runtime.getRuntime().maxMemory();
    }

    /** A reservation for one request, to close when it ends; null when the memory is not there. */
    Reservation tryReserve() {
        if (pressure.tight()) return null;
        while (true) {
            int now = open.get();
            if (now >= capacity) return null;
            if (open.compareAndSet(now, now + 1)) return new Reservation();
        }
    }

    /** How many proxied requests the budget lets be in flight at once. */
    public int capacity() {
        return capacity;
    }

    /** Proxied requests holding a reservation now. */
    public int open() {
        return open.get();
    }

    /** Whether new requests are refused because the heap was nearly full after the last collection. */
    public boolean underPressure() {
        return pressure.tight();
    }

    /** One request's share; closing it gives it back, once, however often it is closed. */
    final class Reservation implements AutoCloseable {
        private boolean released;

        @Override
        public void close() {
            if (released) return;
            released = true;
            open.decrementAndGet();
        }
    }
}
