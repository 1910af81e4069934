package piapi.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the exchanges in progress so a shutdown can wait for exactly them, and says where a shutdown
 * stands: draining (new requests are refused) and then cutting (what still runs is about to be closed).
 * The JDK's own {@code HttpServer.stop(delay)} waits differently across JDK versions (before JDK-8304065
 * it waited the full delay even when idle), so piapi keeps its own count and decides itself when to
 * close the rest.
 * <p>
 * The per-request cost is one atomic increment and decrement; the lock is taken only while draining.
 */
public final class InFlight {
    private final AtomicInteger count = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean draining;
    private volatile boolean cutShort;
    private volatile boolean cutting;

    /** An exchange begins (the accept stage's first step). */
    void enter() {
        count.incrementAndGet();
    }

    /** An exchange is over (the accept stage's very last step). */
    void leave() {
        if (count.decrementAndGet() == 0 && draining) signal();
    }

    /** From now on new requests are refused. */
    void beginDrain() {
        draining = true;
    }

    /** Whether requests are refused: a shutdown is draining what runs. */
    boolean draining() {
        return draining;
    }

    /** The grace is over: what still runs is about to be closed. */
    void beginCut() {
        cutting = true;
    }

    /** Whether what still runs is being cut off by the shutdown (so its log line can say so). */
    boolean cutting() {
        return cutting;
    }

    int count() {
        return count.get();
    }

    /**
     * Waits until no exchange is in progress, at most {@code grace}. Returns false when the grace ran out or
     * {@link #cutShort()} was called first.
     */
    boolean awaitIdle(Duration grace) throws InterruptedException {
        long nanos = grace.toNanos();
        lock.lock();
        try {
            while (count.get() > 0) {
                if (nanos <= 0 || cutShort) return false;
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a wait in {@link #awaitIdle} now (a second stop signal). */
    void cutShort() {
        cutShort = true;
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
