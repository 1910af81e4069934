package piapi.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Closes response bodies that have been silent too long. {@code HttpRequest.timeout} only covers the
 * wait for headers, so a stalled stream needs this. One thread watches every stream: a read costs a
 * volatile write, and the thread sleeps until the earliest deadline (at most a second). It also starts the
 * SSE heartbeats of silent event streams ({@link HeartbeatWriter}), each on a short-lived virtual thread, so
 * a slow client never holds up the watchdog; heartbeats are looked at no more often than every
 * {@link #SLACK_NANOS}, so thousands of streams cost a few scans a second, not one per stream.
 */
public final class IdleWatchdog implements AutoCloseable {
    private static final long MAX_PARK = 1_000_000_000L;
    /** A heartbeat this close to due is written now; also the shortest pause between two looks at heartbeats. */
    static final long SLACK_NANOS = 20_000_000L;

    private final Set<Watch> active = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile long nextWake = Long.MAX_VALUE;
    private volatile boolean closed;

    public IdleWatchdog() {
        thread = Thread.ofPlatform().name("piapi-idle-watchdog").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** Starts watching {@code body}: unless touched, it is closed {@code idleNanos} from now. */
    Watch watch(Closeable body, long idleNanos) {
        Watch w = new Watch(body, idleNanos);
        active.add(w);
        if (w.deadline() - nextWake < 0) LockSupport.unpark(thread); // only when it would sleep past this deadline
        return w;
    }

    private void run() {
        while (!closed) {
            long now = System.nanoTime();
            long earliest = now + MAX_PARK;
            long nextBeat = now + MAX_PARK;
            for (Watch w : active) {
                long deadline = w.deadline();
                if (now - deadline >= 0) {
                    active.remove(w);
                    w.fire();
                    continue;
                }
                if (deadline - earliest < 0) earliest = deadline;
                HeartbeatWriter h = w.heartbeat;
                if (h != null) {
                    long due = beatIfDue(h, now);
                    if (due - nextBeat < 0) nextBeat = due;
                }
            }
            long soonest = now + SLACK_NANOS;
            long wake = nextBeat - earliest >= 0 ? earliest : nextBeat - soonest < 0 ? soonest : nextBeat;
            nextWake = wake;
            LockSupport.parkNanos(this, Math.max(wake - System.nanoTime(), 100_000L));
        }
    }

    /** Starts {@code h}'s heartbeat when it is (nearly) due; returns when to look at it again. */
    private static long beatIfDue(HeartbeatWriter h, long now) {
        long due = h.due();
        if (due - now > SLACK_NANOS) return due;
        if (h.schedule()) Thread.startVirtualThread(h::beat);
        return now + SLACK_NANOS; // the beat moves the due time on, or finds the stream mid-event and defers it
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    /** One watched body. */
    final class Watch {
        private final Closeable body;
        private final long idleNanos;
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean fired;
        private volatile HeartbeatWriter heartbeat;

        private Watch(Closeable body, long idleNanos) {
            this.body = body;
            this.idleNanos = idleNanos;
        }

        long deadline() {
            return lastActivity + idleNanos;
        }

        /** Bytes arrived: the silence starts over. */
        void touch() {
            lastActivity = System.nanoTime();
        }

        /** The heartbeat writer of this stream, or null when it has none. */
        HeartbeatWriter heartbeats() {
            return heartbeat;
        }

        /** Has the watchdog start {@code h}'s heartbeats while this body is watched. */
        void heartbeat(HeartbeatWriter h) {
            heartbeat = h;
            if (h.due() - nextWake < 0) LockSupport.unpark(thread);
        }

        /** Whether the watchdog closed the body (reads then fail or end early). */
        boolean fired() {
            return fired;
        }

        void cancel() {
            active.remove(this);
        }

        private void fire() {
            fired = true;
            try {
                body.close();
            } catch (IOException | RuntimeException e) {
                // closing is best effort: the reader sees the stream end either way
            }
        }
    }
}
