package piapi.proxy;

import java.io.Closeable;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.LockSupport;

/**
 * An upstream response body as the HttpClient delivers it, handed to one {@link Sink} without a copy buffer
 * or a queue of its own. Nothing is requested from the upstream until a sink is attached; then each batch
 * of bytes the client read goes to the sink on the client's own (virtual) thread, and the next batch is
 * requested only once the sink has taken it, so a slow client slows the upstream rather than piling bytes
 * up here. The request's thread meanwhile waits in {@link #await}, parked on one field: a stream that is
 * quiet costs no buffer and a shallow stack. Closing it (the idle watchdog, a client that left) cancels the
 * upstream exchange.
 */
final class UpstreamBody implements HttpResponse.BodySubscriber<UpstreamBody>, Closeable {
    /** Where the bytes go; called on the HttpClient's thread, one call at a time. */
    interface Sink {
        /** Takes {@code length} bytes; false when they could not be delivered (the client left): the body is then cancelled. */
        boolean accept(byte[] bytes, int length);
    }

    /** How the body ended, as {@link #await} reports it. */
    enum End { COMPLETE, FAILED, CLOSED, SINK_FAILED, SINK_THREW }

    private final CompletableFuture<UpstreamBody> self = CompletableFuture.completedFuture(this);
    private volatile Flow.Subscription subscription;
    private volatile Sink sink;
    private volatile End end;
    private volatile Thread waiter;
    private volatile boolean started;
    /** The first request(1) is made once, by whichever of start and onSubscribe comes second. */
    private final AtomicBoolean flowing = new AtomicBoolean();
    private Throwable failure;
    /** Time spent inside the sink, so the caller can tell upstream waiting from its own work. */
    private long sinkNanos;

    @Override
    public CompletionStage<UpstreamBody> getBody() {
        return self;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (end == End.CLOSED) s.cancel();
        else if (started && flowing.compareAndSet(false, true)) s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        Sink target = sink;
        if (end != null || target == null) return;
        int length = 0;
        for (ByteBuffer b : buffers) length += b.remaining();
        long t0 = System.nanoTime();
        boolean taken = true;
        if (length > 0) {
            byte[] bytes = new byte[length]; // the client's buffers are read-only slices: one copy, kept only for this call
            int at = 0;
            for (ByteBuffer b : buffers) {
                int n = b.remaining();
                b.get(bytes, at, n);
                at += n;
            }
            try {
                taken = target.accept(bytes, length);
            } catch (RuntimeException | Error e) { // a bug on our side: the request's thread rethrows it, as if it had run there
                finish(End.SINK_THREW, e);
                cancel();
                return;
            }
        }
        sinkNanos += System.nanoTime() - t0;
        if (!taken) {
            finish(End.SINK_FAILED, null);
            cancel();
        } else if (end == null) {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable t) {
        finish(End.FAILED, t);
    }

    @Override
    public void onComplete() {
        finish(End.COMPLETE, null);
    }

    /** Starts the flow of bytes into {@code target}. */
    void start(Sink target) {
        sink = target;
        started = true;
        Flow.Subscription s = subscription;
        if (s != null && flowing.compareAndSet(false, true)) s.request(1);
    }

    /**
     * Waits (parked, on the caller's thread) until the body has ended; returns how. An interrupt (a forced
     * stop) closes the body and keeps the thread's interrupt status.
     */
    End await() {
        waiter = Thread.currentThread();
        while (end == null) {
            LockSupport.park(this);
            if (Thread.currentThread().isInterrupted()) close();
        }
        waiter = null;
        return end;
    }

    /** Why the body failed (or what the sink threw), or null. */
    Throwable failure() {
        return failure;
    }

    long sinkNanos() {
        return sinkNanos;
    }

    /** Ends the body early: the upstream exchange is cancelled and {@link #await} returns {@link End#CLOSED}. */
    @Override
    public void close() {
        finish(End.CLOSED, null);
        cancel();
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }

    private synchronized void finish(End how, Throwable t) {
        if (end != null) return;
        failure = t;
        end = how;
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
    }
}
