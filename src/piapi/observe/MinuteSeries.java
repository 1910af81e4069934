package piapi.observe;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import piapi.http.FinishedRequest;

/**
 * Proxied requests per minute for the last hour, with latency and time-to-first-byte histograms per
 * minute (the metric buckets), so the dashboard draws its chart from one small answer instead of
 * fetching the request log. Fixed memory: 61 minute slots. A finished request costs a few atomic adds;
 * a slot is replaced (one allocation) when a new minute begins.
 */
public final class MinuteSeries implements Consumer<FinishedRequest> {
    public static final int MINUTES = 60;
    private static final long MINUTE_MS = 60_000;

    /** One minute of the chart; p95 values are in milliseconds, null without an observation. */
    public record Point(long startMillis, long requests, long errors, Double latencyP95Ms, Double firstByteP95Ms) {}

    private static final class Minute {
        final long minute;
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicLongArray latency = new AtomicLongArray(Buckets.LATENCY.length + 1);
        final AtomicLongArray firstByte = new AtomicLongArray(Buckets.FIRST_BYTE.length + 1);

        Minute(long minute) {
            this.minute = minute;
        }
    }

    private final AtomicReferenceArray<Minute> slots = new AtomicReferenceArray<>(MINUTES + 1);
    private final Clock clock;

    public MinuteSeries(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void accept(FinishedRequest r) {
        if (!r.proxied()) return;
        Minute m = slot(clock.millis() / MINUTE_MS);
        if (m == null) return;
        m.requests.increment();
        if (!r.success()) m.errors.increment();
        m.latency.incrementAndGet(bucket(Buckets.LATENCY, r.totalNanos()));
        if (r.firstByteNanos() >= 0) m.firstByte.incrementAndGet(bucket(Buckets.FIRST_BYTE, r.firstByteNanos()));
    }

    /** The slot for this minute, replacing an older minute's; null for a minute already overwritten. */
    private Minute slot(long minute) {
        int index = (int) (minute % slots.length());
        while (true) {
            Minute m = slots.get(index);
            if (m != null && m.minute == minute) return m;
            if (m != null && m.minute > minute) return null;
            if (slots.compareAndSet(index, m, new Minute(minute))) return slots.get(index);
        }
    }

    private static int bucket(double[] bounds, long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < bounds.length; i++) if (seconds <= bounds[i]) return i;
        return bounds.length;
    }

    /** The last {@link #MINUTES} minutes, oldest first, the current (partial) minute last. */
    public List<Point> lastHour() {
        long now = clock.millis() / MINUTE_MS;
        List<Point> out = new ArrayList<>(MINUTES);
        for (long minute = now - MINUTES + 1; minute <= now; minute++) {
            Minute m = slots.get((int) (minute % slots.length()));
            if (m == null || m.minute != minute) {
                out.add(new Point(minute * MINUTE_MS, 0, 0, null, null));
            } else {
                out.add(new Point(minute * MINUTE_MS, m.requests.sum(), m.errors.sum(), p95(Buckets.LATENCY, m.latency),
                        p95(Buckets.FIRST_BYTE, m.firstByte)));
            }
        }
        return out;
    }

    /** The 95th percentile estimated from bucket counts, interpolated linearly inside its bucket; in ms. */
    static Double p95(double[] bounds, AtomicLongArray counts) {
        long total = 0;
        long[] c = new long[counts.length()];
        for (int i = 0; i < c.length; i++) total += c[i] = counts.get(i);
        if (total == 0) return null;
        double rank = 0.95 * total;
        long below = 0;
        for (int i = 0; i < c.length; i++) {
            if (below + c[i] >= rank && c[i] > 0) {
                if (i == bounds.length) return bounds[bounds.length - 1] * 1000; // beyond the last bound: its value, at least
                double lower = i == 0 ? 0 : bounds[i - 1];
                double fraction = (rank - below) / c[i];
                return Math.round((lower + (bounds[i] - lower) * fraction) * 1e6) / 1e3;
            }
            below += c[i];
        }
        return bounds[bounds.length - 1] * 1000;
    }
}
