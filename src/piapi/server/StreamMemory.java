package piapi.server;

import java.lang.management.MemoryPoolMXBean;
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
    /**
     * The share of the old generation requests in flight may take. Request bodies have their own budget (25 % of
     * the heap by default, {@code limits.requestBodyMemory}); piapi's own state and the collector need the rest.
     */
    static final double SHARE = 0.55;

    private final MemoryBudget budget;
    private final HeapPressure pressure;

    /** A budget over {@code heapBytes} of heap; {@code pressure} is given the count of requests in flight. */
    StreamMemory(long heapBytes, Function<IntSupplier, HeapPressure> pressure) {
        this.budget = new MemoryBudget(Math.max(1, (long) (heapBytes * SHARE) / COST) * COST);
        this.pressure = pressure.apply(this::open);
    }

    /**
     * The budget for this JVM: a share of its old generation's maximum (the young generation is the
     * collector's working space), or of the maximum heap when the pools cannot be read; after every
     * collection its {@link HeapPressure} looks at the heap, and with the serial collector a
     * {@link HeapTrim} keeps garbage from growing the old generation to its maximum.
     */
    public static StreamMemory forThisJvm() {
        MemoryPoolMXBean old = HeapPressure.oldGeneration();
        if (old == null) return new StreamMemory(budgetedHeap(null), open -> HeapPressure.none());
        StreamMemory memory = new StreamMemory(budgetedHeap(old), open -> new HeapPressure(old::getCollectionUsage, open, System::nanoTime));
        HeapTrim trim = HeapTrim.serialCollector()
                ? new HeapTrim(old::getUsage, old::getCollectionUsage, memory.budget::reserved, System::nanoTime, System::gc) : null;
        boolean watched = HeapPressure.afterEachCollection(() -> {
            memory.pressure.collected();
            if (trim != null) trim.collected();
        });
        return watched ? memory : new StreamMemory(budgetedHeap(old), open -> HeapPressure.none());
    }

    /** The capacity {@link #forThisJvm} will have, for settings fixed before the gateway starts. */
    static int capacityForThisJvm() {
        return new StreamMemory(budgetedHeap(HeapPressure.oldGeneration()), open -> HeapPressure.none()).capacity();
    }

    private static long budgetedHeap(MemoryPoolMXBean old) {
        return old != null && old.getUsage().getMax() > 0 ? old.getUsage().getMax() : Runtime.getRuntime().maxMemory();
    }

    /** A reservation for one request, to close when it ends; null when the memory is not there. */
    MemoryBudget.Reservation tryReserve() {
        if (pressure.tight()) return null;
        return budget.tryReserve(COST);
    }

    /** How many proxied requests the budget lets be in flight at once. */
    public int capacity() {
        return (int) Math.min(Integer.MAX_VALUE, budget.limit() / COST);
    }

    /** Proxied requests holding a reservation now. */
    public int open() {
        return (int) (budget.reserved() / COST);
    }

    /** Whether new requests are refused because the heap was nearly full after the last collection. */
    public boolean underPressure() {
        return pressure.tight();
    }
}
