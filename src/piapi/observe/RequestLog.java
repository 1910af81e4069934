package piapi.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import piapi.http.RequestRecord;

/**
 * The most recent proxied requests by start, for the admin API's request log and stats; fed from the same
 * record as the access log when each request ends. Adding is lock-free ({@link StartOrderedRing}), reading
 * copies a snapshot.
 *
 * <p>Requests without a known user (no key, an unknown key) go to a separate, smaller ring, so a flood
 * of unauthenticated calls cannot push the team's real traffic out of the log (Go piapi bug 31).
 */
public final class RequestLog implements Consumer<RequestRecord> {
    public static final int DEFAULT_CAPACITY = 1000;
    public static final int MAX_CAPACITY = 100_000;

    private final AtomicLong sequence = new AtomicLong();
    private final StartOrderedRing<RequestLogEntry> known;
    private final StartOrderedRing<RequestLogEntry> anonymous;

    /** Keeps the last {@code capacity} requests of known users to start, and a tenth of that (at least 10) of the rest. */
    public RequestLog(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY);
        this.known = new StartOrderedRing<>(capacity, RequestLogEntry::startNanos, RequestLogEntry::startMillis);
        this.anonymous = new StartOrderedRing<>(Math.max(10, capacity / 10), RequestLogEntry::startNanos, RequestLogEntry::startMillis);
    }

    /**
     * The capacity from {@code PIAPI_LOG_CAPACITY} (the Go version's variable): the default when unset or
     * empty; an exception with a message fit for the operator when it is not a whole number in range.
     */
    public static int capacityFrom(String text) {
        if (text == null || text.isBlank()) return DEFAULT_CAPACITY;
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_CAPACITY) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' must be a whole number from 1 to " + MAX_CAPACITY);
    }

    @Override
    public void accept(RequestRecord r) {
        if (!RequestMetrics.isProxied(r.path())) return; // the log is about traffic, not probes or admin calls
        RequestLogEntry e = RequestLogEntry.of(sequence.getAndIncrement(), r);
        (r.user().isEmpty() ? anonymous : known).add(e);
    }

    /** Entries that match, newest first, at most {@code limit}. */
    public List<RequestLogEntry> query(Predicate<RequestLogEntry> filter, int limit) {
        List<RequestLogEntry> all = newestFirst();
        List<RequestLogEntry> out = new ArrayList<>(Math.min(limit, all.size()));
        for (RequestLogEntry e : all) {
            if (out.size() >= limit) break;
            if (filter.test(e)) out.add(e);
        }
        return out;
    }

    /** Newest first: by start (the order of the {@code time} shown), then by completion. */
    private static final Comparator<RequestLogEntry> NEWEST_FIRST =
            Comparator.comparingLong(RequestLogEntry::startNanos).thenComparingLong(RequestLogEntry::sequence).reversed();

    /** Every stored entry, newest first (by start, the order the README promises and the rings keep). */
    public List<RequestLogEntry> newestFirst() {
        List<RequestLogEntry> all = new ArrayList<>(known.size() + anonymous.size());
        known.collectNewestFirst(all);
        anonymous.collectNewestFirst(all);
        all.sort(NEWEST_FIRST); // merges the two rings
        return all;
    }

    /** Capacity for requests of known users (the unauthenticated ring is a tenth of it, at least 10). */
    public int capacity() {
        return known.capacity();
    }

    public int stored() {
        return known.size() + anonymous.size();
    }

    /** Entries pushed out by newer ones since the start. */
    public long evicted() {
        return known.evicted() + anonymous.evicted();
    }

    /**
     * Whether every request that started at or after {@code sinceMillis} is still here: true when nothing
     * was pushed out, or when each ring still holds an older entry than that.
     */
    public boolean covers(long sinceMillis) {
        return known.covers(sinceMillis) && anonymous.covers(sinceMillis);
    }
}
