package piapi.server;

import com.sun.net.httpserver.HttpServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import piapi.observe.Events;
import piapi.observe.LogSink;
import piapi.proxy.IdleWatchdog;
import piapi.proxy.UpstreamClients;

/**
 * Stops a gateway the way a deploy expects: new connections are refused at once, requests and streams in
 * progress run on for up to the grace period, then whatever remains is closed (client connection and
 * upstream exchange), the usage ledger is written and synced (every request, cut ones included, has been
 * recorded by then), the log is flushed, and the gateway is done. Runs once; a later call with a zero
 * grace (a second signal, {@code close()}) cuts a running drain short.
 */
public final class GracefulStop {
    /** How long cut-off handlers get to notice and write their access-log lines. */
    private static final long HANDLER_EXIT_MILLIS = 5_000;

    private final HttpServer server;
    private final InFlight inFlight;
    private final ExecutorService executor;
    private final UpstreamClients clients;
    private final IdleWatchdog watchdog;
    private final Events events;
    private final LogSink logSink;
    private final Runnable closeLedger;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    public GracefulStop(HttpServer server, InFlight inFlight, ExecutorService executor, UpstreamClients clients,
                 IdleWatchdog watchdog, Events events, LogSink logSink, Runnable closeLedger) {
        this.server = server;
        this.inFlight = inFlight;
        this.executor = executor;
        this.clients = clients;
        this.watchdog = watchdog;
        this.events = events;
        this.logSink = logSink;
        this.closeLedger = closeLedger;
    }

    /** Stops with this grace; returns when the gateway is fully stopped (also when another thread stops it). */
    public void stop(Duration grace) {
        if (!started.compareAndSet(false, true)) {
            if (grace.isZero()) inFlight.cutShort();
            awaitStopped();
            return;
        }
        try {
            run(grace);
        } finally {
            done.countDown();
        }
    }

    private void run(Duration grace) {
        long start = System.nanoTime();
        inFlight.beginDrain();
        int atStart = inFlight.count();
        events.info("shutdown_started", "grace_ms", grace.toMillis(), "in_flight", atStart);
        Thread closer = null;
        if (!grace.isZero()) {
            // stop(delay) closes the listening socket first, then waits; our own count decides when the
            // wait ends (stop(0) below), so its delay is only an upper bound that is never reached.
            long bound = TimeUnit.NANOSECONDS.toSeconds(grace.toNanos()) + 2;
            closer = Thread.ofPlatform().name("piapi-stop-accepting").daemon(true).start(() -> server.stop((int) Math.min(bound, Integer.MAX_VALUE)));
        }
        boolean drained;
        try {
            drained = inFlight.awaitIdle(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        int cut = inFlight.count();
        inFlight.beginCut();
        server.stop(0);     // closes every connection that is left: the client sees a broken response
        clients.close();    // cancels upstream exchanges still running, so blocked reads end now
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(HANDLER_EXIT_MILLIS, TimeUnit.MILLISECONDS)) {
                events.warn("shutdown_handlers_stuck", "in_flight", inFlight.count());
            }
            if (closer != null) closer.join(HANDLER_EXIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.close();
        closeLedger.run(); // after the handlers, whose last records it must keep; before the log, so its problems are told
        events.info("shutdown", "drained", drained, "in_flight_at_start", atStart, "cut", cut,
                "duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        logSink.close();
    }

    public boolean stopping() {
        return started.get();
    }

    /** Blocks until the gateway has stopped (uninterruptibly: a stop must not be abandoned half-way). */
    public void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
