package piapi.ledger;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything the ledger holds in memory, behind one lock that is never held during I/O: the queue the request
 * path appends to, the entries held back (the queue was full, or a write failed; they are retried), the batch
 * the writer is writing, and how many bytes of each of its own files are complete. A reader takes all of it in
 * one {@link #snapshot}, so an entry is seen exactly once: in memory, or in a file up to the recorded size.
 *
 * <p>The writer is woken once per {@link #BATCH_NANOS} window, or early when the queue reaches a quarter of its
 * capacity (or for a flush or the close), never once per entry: under load a wake-up, a write and a context
 * switch per request cost more than the request's own recording. Readers see queued entries in memory, so the
 * window delays only the disk, well within the sync interval.
 *
 * <p>In memory-only mode (no writable data dir) there is no writer: entries go to the held store, which then
 * keeps the newest {@code heldCapacity} entries and counts what it evicts as lost.
 */
final class LedgerBuffer {
    enum Offer { QUEUED, HELD, LOST }

    /** How long queued entries wait for more to join them before the writer takes them (unless the queue fills up). */
    static final long BATCH_NANOS = 100_000_000L;

    /** What the writer takes: the entries to write (held ones first, in order), and what it must report back. */
    record Batch(List<LedgerEntry> entries, long flushGeneration, boolean closing) {}

    /** A reader's view: unwritten entries, and the bytes of this instance's files that are complete. */
    record Snapshot(List<LedgerEntry> unwritten, Map<Path, Long> visibleBytes) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition flushed = lock.newCondition();
    private final int queueCapacity;
    private final int heldCapacity;
    private final boolean memoryOnly;
    /** The queue size that wakes the writer before its window is over. */
    private final int wakeAt;
    /** When the oldest queued entry arrived (System.nanoTime), valid while the queue is not empty. */
    private long firstQueuedAt;
    // Lists handed over whole (a reference swap under the lock, never a copy): the request path must never
    // wait long for this lock, even when the writer thread is descheduled while holding it.
    private ArrayList<LedgerEntry> queue = new ArrayList<>();
    private final ArrayDeque<LedgerEntry> held = new ArrayDeque<>();
    /** The writer's batch: only ever replaced under the lock, never changed while the writer reads it. */
    private List<LedgerEntry> inHand = List.of();
    private final Map<Path, Long> visible = new HashMap<>();
    private long flushRequested;
    private long flushCompleted;
    private boolean lastFlushWritten = true;
    private boolean closing;
    private boolean stopped;

    LedgerBuffer(int queueCapacity, int heldCapacity, boolean memoryOnly) {
        this.queueCapacity = queueCapacity;
        this.heldCapacity = heldCapacity;
        this.memoryOnly = memoryOnly;
        this.wakeAt = Math.max(1, queueCapacity / 4);
    }

    /** Never waits for the disk: the lock guards only these few list operations. */
    Offer offer(LedgerEntry e) {
        lock.lock();
        try {
            if (memoryOnly) {
                held.addLast(e);
                if (held.size() <= heldCapacity) return Offer.HELD;
                held.removeFirst();
                return Offer.LOST;
            }
            if (queue.size() < queueCapacity && !stopped) {
                queue.add(e);
                if (queue.size() == 1) {
                    firstQueuedAt = System.nanoTime();
                    work.signal(); // the writer starts this batch's window
                } else if (queue.size() == wakeAt) {
                    work.signal();
                }
                return Offer.QUEUED;
            }
            if (held.size() < heldCapacity) {
                held.addLast(e);
                return Offer.HELD;
            }
            return Offer.LOST;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code maxWaitNanos} for something to do, then moves what there is into the writer's hands.
     * Queued entries are something to do once the oldest has waited {@link #BATCH_NANOS} or the queue holds a
     * quarter of its capacity. Held entries are included only when {@code retryHeld} (after a failure the writer
     * waits before retrying) or a flush asks for them.
     */
    Batch take(long maxWaitNanos, boolean retryHeld) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + maxWaitNanos;
            while (!(retryHeld && !held.isEmpty()) && flushRequested == flushCompleted && !closing) {
                long now = System.nanoTime();
                long until = queue.isEmpty() ? deadline : Math.min(deadline, firstQueuedAt + BATCH_NANOS);
                if (queue.size() >= wakeAt || until - now <= 0) break;
                work.awaitNanos(until - now);
            }
            boolean withHeld = (retryHeld || flushRequested != flushCompleted || closing) && !held.isEmpty();
            List<LedgerEntry> batch = queue;
            if (withHeld) { // only while the disk lags or fails: then the held entries go first, in order
                ArrayList<LedgerEntry> all = new ArrayList<>(held.size() + queue.size());
                all.addAll(held);
                all.addAll(queue);
                held.clear();
                batch = all;
            }
            queue = new ArrayList<>(Math.min(batch.size() + 16, queueCapacity));
            inHand = Collections.unmodifiableList(batch);
            return new Batch(inHand, flushRequested, closing);
        } finally {
            lock.unlock();
        }
    }

    /** The first {@code count} entries of the batch are in their files, which now have these complete sizes; the rest are held. */
    void written(int count, Map<Path, Long> sizes) {
        lock.lock();
        try {
            visible.putAll(sizes);
            List<LedgerEntry> rest = inHand.subList(count, inHand.size());
            for (int i = rest.size() - 1; i >= 0; i--) held.addFirst(rest.get(i));
            inHand = List.of();
        } finally {
            lock.unlock();
        }
    }

    /** This instance's file, opened for appending, has this size: readers read no further until {@link #written}. */
    void opened(Path path, long size) {
        lock.lock();
        try {
            visible.put(path, size);
        } finally {
            lock.unlock();
        }
    }

    /** Held entries beyond the bound, oldest first, removed and returned so they are counted as lost. */
    int trimHeld() {
        lock.lock();
        try {
            int lost = 0;
            while (held.size() > heldCapacity) {
                held.removeLast();
                lost++;
            }
            return lost;
        } finally {
            lock.unlock();
        }
    }

    /** The writer finished the flush it took with its batch; {@code written} says whether every entry reached the disk. */
    void flushed(long generation, boolean written) {
        lock.lock();
        try {
            if (generation > flushCompleted) {
                flushCompleted = generation;
                lastFlushWritten = written;
                flushed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything appended before the call is written and synced; false on a timeout or a failed write. */
    boolean flush(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            if (memoryOnly || stopped) return memoryOnly ? false : queue.isEmpty() && held.isEmpty();
            long generation = ++flushRequested;
            work.signal();
            long wait = timeout.toNanos();
            while (flushCompleted < generation && wait > 0 && !stopped) wait = flushed.awaitNanos(wait);
            return flushCompleted >= generation && lastFlushWritten;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Whether, once closing, nothing is left to write. */
    boolean drained() {
        lock.lock();
        try {
            return queue.isEmpty() && held.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    void stopped() {
        lock.lock();
        try {
            stopped = true;
            flushed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean awaitStopped(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long wait = timeout.toNanos();
            while (!stopped && wait > 0) wait = flushed.awaitNanos(wait);
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    /** Copies references under the lock and filters after it, so a reader holds up no append. */
    Snapshot snapshot(LocalDate from, LocalDate to, ZoneId zone) {
        List<LedgerEntry> all;
        Map<Path, Long> sizes;
        lock.lock();
        try {
            all = new ArrayList<>(held.size() + inHand.size() + queue.size());
            all.addAll(held);
            all.addAll(inHand);
            all.addAll(queue);
            sizes = Map.copyOf(visible);
        } finally {
            lock.unlock();
        }
        all.removeIf(e -> !within(e, from, to, zone));
        return new Snapshot(all, sizes);
    }

    static boolean within(LedgerEntry e, LocalDate from, LocalDate to, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(e.time(), zone);
        return !day.isBefore(from) && !day.isAfter(to);
    }

    int queued() {
        lock.lock();
        try {
            return queue.size() + inHand.size();
        } finally {
            lock.unlock();
        }
    }

    int held() {
        lock.lock();
        try {
            return held.size();
        } finally {
            lock.unlock();
        }
    }

    /** The capacity of the queue, for the status view. */
    int queueCapacity() {
        return queueCapacity;
    }

    boolean memoryOnly() {
        return memoryOnly;
    }
}
