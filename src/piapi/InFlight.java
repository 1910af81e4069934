package piapi;

import com.sun.net.httpserver.HttpHandler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import piapi.http.Exchange;
import piapi.http.FinishedRequest;
import piapi.http.Handler;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;
import piapi.http.Responses;

/**
 * Counts the exchanges in progress so a shutdown can wait for exactly them. The JDK's own
 * {@code HttpServer.stop(delay)} waits differently across JDK versions (before JDK-8304065 it waited the
 * full delay even when idle), so piapi keeps its own count and decides itself when to close the rest.
 * <p>
 * The per-request cost is one atomic increment and decrement; the lock is taken only while draining.
 */
final class InFlight {
    private final AtomicInteger count = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean draining;
    private volatile boolean cutShort;
    private volatile boolean cutting;

    /** The outermost handler: counts the exchange from its first to its very last step. */
    HttpHandler track(HttpHandler inner) {
        return exchange -> {
            count.incrementAndGet();
            try {
                inner.handle(exchange);
            } finally {
                if (count.decrementAndGet() == 0 && draining) signal();
            }
        };
    }

    /**
     * Inside the exchange guard (so the refusal has a request id and an access-log line): once draining,
     * a request arriving on a kept-alive connection gets 503 and the connection is closed after it, so
     * the drain ends and clients retry elsewhere or after the restart. New connections are refused by then.
     */
    Handler refuseWhenDraining(Handler inner) {
        return exchange -> draining ? refuse(exchange) : inner.handle(exchange);
    }

    private static Outcome refuse(Exchange exchange) {
        exchange.responseHeaders().set("Connection", "close");
        exchange.responseHeaders().set("Retry-After", "1");
        return Responses.refuse(exchange, 503, "shutting_down", "piapi is shutting down; retry the request");
    }

    /**
     * Wraps the finished-request consumer: a request that ends badly once the grace has run out was cut by
     * the shutdown, and its log line says so instead of blaming the client or the upstream.
     */
    Consumer<FinishedRequest> noteCuts(Consumer<FinishedRequest> inner) {
        return r -> inner.accept(cutting && r.outcome() != OutcomeLabel.OK
                ? r.withError("cut off by shutdown after the grace period (" + r.error() + ")") : r);
    }

    /** The grace is over: what still runs is about to be closed. */
    void beginCut() {
        cutting = true;
    }

    /** From now on new requests are refused. */
    void beginDrain() {
        draining = true;
    }

    boolean draining() {
        return draining;
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
