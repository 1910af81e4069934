package piapi.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client side of one relayed server-sent event stream while heartbeats are on. The relay thread writes
 * the upstream's bytes through it; during upstream silence the {@link IdleWatchdog} has {@link #beat} run on a
 * virtual thread, which writes an SSE comment line, only between two events. Writes are serialized by a lock
 * held only while bytes are written, never while the upstream is read, and a heartbeat never waits for it: if
 * the relay is writing, the stream is not silent.
 * <p>
 * A client that has closed its connection is only revealed by a write, and the first write after its close
 * still succeeds (it draws the peer's reset); so each heartbeat is followed, if the silence lasts, by a second
 * one shortly after. When a heartbeat fails, the upstream body is closed at once, which cancels the upstream
 * exchange, and the relay reports the client gone. Heartbeats never touch the idle deadline (that counts
 * upstream silence) and are never shown to relay taps.
 */
final class HeartbeatWriter {
    /** The second heartbeat of a pair: long enough for a reset to come back from most clients. */
    private static final long MAX_CONFIRM_NANOS = 250_000_000L;

    private final ReentrantLock lock = new ReentrantLock();
    private final OutputStream out;
    private final Closeable upstream;
    private final Heartbeats counters;
    private final long intervalNanos;
    private final long confirmNanos;
    private final EventBoundary boundary = new EventBoundary(); // under lock
    private boolean finished;                                   // under lock
    private volatile long lastWrite = System.nanoTime();
    private volatile long notBefore;
    private volatile int heartbeatsInSilence;
    private volatile boolean scheduled;
    private volatile boolean clientGone;

    HeartbeatWriter(OutputStream out, Closeable upstream, long intervalNanos, Heartbeats counters) {
        this.out = out;
        this.upstream = upstream;
        this.intervalNanos = intervalNanos;
        this.confirmNanos = Math.min(intervalNanos / 4, MAX_CONFIRM_NANOS);
        this.counters = counters;
        this.notBefore = lastWrite;
    }

    /** Relayed bytes: written and flushed (an event reaches the client at once). */
    void write(byte[] b, int offset, int length) throws IOException {
        lock.lock();
        try {
            out.write(b, offset, length);
            out.flush();
            boundary.accept(b, offset, length);
            lastWrite = System.nanoTime();
            heartbeatsInSilence = 0;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the response cleanly (its final chunk); no heartbeat follows. */
    void close() throws IOException {
        lock.lock();
        try {
            finished = true;
            out.close();
        } finally {
            lock.unlock();
        }
    }

    /** No heartbeat is written after this returns (the response ended some other way). */
    void stop() {
        lock.lock();
        try {
            finished = true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a heartbeat found the client gone (and closed the upstream body). */
    boolean clientGone() {
        return clientGone;
    }

    /** When the next heartbeat is due (System.nanoTime): an interval after the last write, or the second of a pair soon after the first. */
    long due() {
        long next = lastWrite + (heartbeatsInSilence % 2 == 1 ? confirmNanos : intervalNanos);
        return next - notBefore < 0 ? notBefore : next;
    }

    /** Claims the right to run the next {@link #beat}: false while one is scheduled or running. Watchdog thread only. */
    boolean schedule() {
        if (scheduled) return false;
        scheduled = true;
        return true;
    }

    /** Writes a heartbeat if the stream is still silent and between events. Runs on its own virtual thread. */
    void beat() {
        try {
            if (!lock.tryLock()) return; // the relay is writing: not silent
            try {
                writeHeartbeat();
            } finally {
                lock.unlock();
            }
        } finally {
            scheduled = false;
        }
    }

    private void writeHeartbeat() {
        if (finished || System.nanoTime() - due() < -IdleWatchdog.SLACK_NANOS) return;
        if (!boundary.betweenEvents()) { // inside an event: the upstream's next bytes belong to it; look again later
            notBefore = System.nanoTime() + intervalNanos;
            return;
        }
        try {
            out.write(boundary.comment());
            out.flush();
            lastWrite = System.nanoTime();
            heartbeatsInSilence++;
            counters.written();
        } catch (IOException e) {
            finished = true;
            clientGone = true;
            counters.clientGone();
            try {
                upstream.close(); // cancels the upstream exchange; the relay's blocked read ends
            } catch (IOException | RuntimeException ignored) {
                // the relay ends the upstream body again on its way out
            }
        }
    }
}
