package piapi.observe;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request log's bounded store: the {@code capacity} entries that <em>started</em> last (ties by completion),
 * whatever order they finished in. Requests finish out of order (a long stream ends after many short calls
 * that began later), and a store that kept the last ones to finish would evict by completion while the log
 * is read by start: the newest requests shown would depend on timing. Here a late finisher takes its place
 * by start, and if it started before everything kept, it is the one that goes.
 *
 * <p>Adding is lock-free (a skip-list insert, and a removal of the oldest when over capacity); readers walk
 * a weakly consistent view, newest first.
 */
final class StartOrderedRing {
    /** Oldest first: by start on the monotonic clock, then by completion. */
    static final Comparator<RequestLogEntry> BY_START =
            Comparator.comparingLong(RequestLogEntry::startNanos).thenComparingLong(RequestLogEntry::sequence);

    private final int capacity;
    private final ConcurrentSkipListSet<RequestLogEntry> entries = new ConcurrentSkipListSet<>(BY_START);
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong evicted = new AtomicLong();

    StartOrderedRing(int capacity) {
        this.capacity = capacity;
    }

    void add(RequestLogEntry e) {
        entries.add(e); // sequences are unique, so entries never compare equal
        if (size.incrementAndGet() > capacity && entries.pollFirst() != null) {
            size.decrementAndGet();
            evicted.incrementAndGet();
        }
    }

    /** Appends every entry, newest first. */
    void collectNewestFirst(List<RequestLogEntry> out) {
        for (RequestLogEntry e : entries.descendingSet()) out.add(e);
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
     * the oldest entry kept started before it (an evicted entry always started no later than every kept one).
     */
    boolean covers(long sinceMillis) {
        if (evicted.get() == 0) return true;
        RequestLogEntry oldest = first();
        return oldest != null && oldest.startMillis() < sinceMillis;
    }

    private RequestLogEntry first() {
        try {
            return entries.first();
        } catch (java.util.NoSuchElementException e) {
            return null; // emptied by a concurrent eviction of a ring of capacity 1
        }
    }
}
