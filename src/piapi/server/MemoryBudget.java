package piapi.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import piapi.observe.Gauge;

/**
 * A share of the heap that requests in progress draw on together: a request reserves the bytes it is about to
 * hold and gives them back when it ends, and a reservation that would pass the limit is refused, so the caller
 * can fall back (spill to disk, answer 503) instead of allocating. Counting is one compare-and-set per
 * reservation; nothing waits. The limit may change at any time (a reload); bytes already reserved stay
 * reserved until released.
 */
public final class MemoryBudget {
    private final AtomicLong reserved = new AtomicLong();
    private final LongAdder refusals = new LongAdder();
    private volatile long limit;

    public MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** Sets the limit in bytes (0: every reservation is refused). */
    public void limit(long bytes) {
        limit = Math.max(0, bytes);
    }

    public long limit() {
        return limit;
    }

    /** Bytes held by reservations now. */
    public long reserved() {
        return reserved.get();
    }

    /** Reservations refused so far. */
    public long refusals() {
        return refusals.sum();
    }

    /** Shows the reserved bytes and the limit as gauges, read when scraped. */
    public void expose(Gauge.Child reservedBytes, Gauge.Child limitBytes) {
        reservedBytes.setSupplier(reserved::get);
        limitBytes.setSupplier(() -> limit);
    }

    /** Reserves {@code bytes}, or returns null when they do not fit under the limit. Close the reservation to give them back. */
    public Reservation tryReserve(long bytes) {
        return take(bytes) ? new Reservation(bytes) : null;
    }

    private boolean take(long bytes) {
        long max = limit;
        while (true) {
            long now = reserved.get();
            if (bytes > max - now) {
                refusals.increment();
                return false;
            }
            if (reserved.compareAndSet(now, now + bytes)) return true;
        }
    }

    /** Bytes held from the budget until closed; closing twice gives them back once. */
    public final class Reservation implements AutoCloseable {
        private final AtomicLong bytes;

        private Reservation(long bytes) {
            this.bytes = new AtomicLong(bytes);
        }

        public long bytes() {
            return bytes.get();
        }

        /** Adds {@code more} bytes to this reservation when they fit; false (and nothing changed) when not. */
        public boolean grow(long more) {
            if (!take(more)) return false;
            bytes.addAndGet(more);
            return true;
        }

        /** Gives {@code fewer} bytes back early, keeping the rest. */
        public void shrink(long fewer) {
            long before = bytes.getAndUpdate(b -> b - Math.min(b, fewer));
            reserved.addAndGet(-Math.min(before, fewer));
        }

        @Override
        public void close() {
            reserved.addAndGet(-bytes.getAndSet(0));
        }
    }
}
