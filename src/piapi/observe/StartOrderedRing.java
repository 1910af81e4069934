package piapi.observe;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * The request log's bounded store: the {@code capacity} entries that <em>started</em> last (ties by arrival),
 * whatever order they finished in. Requests finish out of order (a long stream ends after many short calls
 * that began later), and a store that kept the last ones to finish would evict by completion while the log
 * is read by start: which requests it shows would depend on timing. Here a late finisher takes its place by
 * its start, and if it started before everything kept, it is the one that goes.
 *
 * <p>Adding is lock-free (a skip-list insert, and a removal of the oldest when over capacity); readers walk
 * a weakly consistent view, newest first.
 *
 * @param <E> what is kept; {@code startNanos} reads its start on the monotonic clock, {@code startMillis} as epoch milliseconds
 */
final class StartOrderedRing<E> {
    /** One kept entry; {@code arrival} is unique, so no two compare equal (a set would drop one). */
    private record Kept<E>(E entry, long start, long arrival) {}

    private static final Comparator<Kept<?>> OLDEST_FIRST =
            Comparator.<Kept<?>>comparingLong(Kept::start).thenComparingLong(Kept::arrival);

    private final int capacity;
    private final ToLongFunction<E> startNanos;
    private final ToLongFunction<E> startMillis;
    private final ConcurrentSkipListSet<Kept<E>> entries = new ConcurrentSkipListSet<>(OLDEST_FIRST);
    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong evicted = new AtomicLong();

    StartOrderedRing(int capacity, ToLongFunction<E> startNanos, ToLongFunction<E> startMillis) {
        this.capacity = capacity;
        this.startNanos = startNanos;
        this.startMillis = startMillis;
    }

    void add(E e) {
        entries.add(new Kept<>(e, startNanos.applyAsLong(e), arrivals.getAndIncrement()));
        if (size.incrementAndGet() > capacity && entries.pollFirst() != null) {
            size.decrementAndGet();
            evicted.incrementAndGet();
        }
    }

    /** Appends every entry, newest first. */
    void collectNewestFirst(List<E> out) {
        for (Kept<E> k : entries.descendingSet()) out.add(k.entry());
    }

    int size() {
        return Math.min(size.get(), capacity);
    }

    int capacity() {
        return capacity;
    }

    long evicted() {
        return evicted.get();
    }

    /**
     * Whether every entry that started at or after {@code sinceMillis} is still here: nothing was evicted, or
     * the oldest entry kept started before it (an evicted entry never started later than a kept one).
     */
    boolean covers(long sinceMillis) {
        if (evicted.get() == 0) return true;
        Kept<E> oldest = entries.ceiling(new Kept<>(null, Long.MIN_VALUE, Long.MIN_VALUE)); // null when empty
        return oldest != null && startMillis.applyAsLong(oldest.entry()) < sinceMillis;
    }
}
