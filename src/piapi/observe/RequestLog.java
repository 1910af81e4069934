package piapi.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import piapi.http.FinishedRequest;

/**
 * The most recent proxied requests by start, for the admin API's request log and stats; fed from the same
 * record as the access log when each request ends. Adding is lock-free ({@link StartOrderedRing}), reading
 * copies a snapshot.
 *
 * <p>Requests without a known user (no key, an unknown key) go to a separate, smaller ring, so a flood
 * of unauthenticated calls cannot push the team's real traffic out of the log.
 */
public final class RequestLog implements Consumer<FinishedRequest> {
    public static final int DEFAULT_CAPACITY = 1000;
    public static final int MAX_CAPACITY = 100_000;

    private final StartOrderedRing<FinishedRequest> known;
    private final StartOrderedRing<FinishedRequest> anonymous;

    /** Keeps the last {@code capacity} requests of known users to start, and a tenth of that (at least 10) of the rest. */
    public RequestLog(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY);
        this.known = new StartOrderedRing<>(capacity, FinishedRequest::startNanos, FinishedRequest::startMillis);
        this.anonymous = new StartOrderedRing<>(Math.max(10, capacity / 10), FinishedRequest::startNanos, FinishedRequest::startMillis);
    }

    /**
     * The capacity from {@code PIAPI_LOG_CAPACITY} (the name deployments already set): the default when unset or
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
    public void accept(FinishedRequest r) {
        if (!r.proxied()) return; // the log is about traffic, not probes or admin calls
        (r.user().isEmpty() ? anonymous : known).add(r);
    }

    /** Entries that match, newest first, at most {@code limit}. */
    public List<FinishedRequest> query(Predicate<FinishedRequest> filter, int limit) {
        List<FinishedRequest> all = newestFirst();
        List<FinishedRequest> out = new ArrayList<>(Math.min(limit, all.size()));
        for (FinishedRequest e : all) {
            if (out.size() >= limit) break;
            if (filter.test(e)) out.add(e);
        }
        return out;
    }

    /** Newest first: by start (the order of the {@code time} shown), then by completion. */
    private static final Comparator<FinishedRequest> NEWEST_FIRST =
            Comparator.comparingLong(FinishedRequest::startNanos).thenComparingLong(r -> r.startNanos() + r.totalNanos()).reversed();

    /** Every stored entry, newest first (by start, the order the README promises and the rings keep). */
    public List<FinishedRequest> newestFirst() {
        List<FinishedRequest> all = new ArrayList<>(known.size() + anonymous.size());
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
