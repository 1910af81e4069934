package piapi.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kept-alive HTTP/1.1 connections per upstream origin. The most recently used idle connection is reused
 * first (it is the least likely to have been closed by the server); connections idle longer than
 * {@link #MAX_IDLE_NANOS} are closed, and at most {@link #MAX_IDLE_PER_ORIGIN} wait per origin. Every open
 * connection is tracked, so {@link #close()} also cuts exchanges still running (shutdown after the grace).
 */
final class Http1Pool implements AutoCloseable {
    static final long MAX_IDLE_NANOS = 30_000_000_000L;
    static final int MAX_IDLE_PER_ORIGIN = 256;
    /** Connections idle longer than this are checked for a close by the server before reuse. */
    static final long CHECK_AFTER_NANOS = 200_000_000L;

    /** Idle connections of one origin, newest first, with a count (a deque's size() walks it). */
    private static final class IdleQueue {
        final ConcurrentLinkedDeque<Http1Connection> deque = new ConcurrentLinkedDeque<>();
        final AtomicInteger size = new AtomicInteger();

        Http1Connection pollFirst() {
            Http1Connection c = deque.pollFirst();
            if (c != null) size.decrementAndGet();
            return c;
        }
    }

    private final ConcurrentHashMap<String, IdleQueue> idle = new ConcurrentHashMap<>();
    private final long checkAfterNanos;
    private final Set<Http1Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Http1Pool() {
        this(CHECK_AFTER_NANOS);
    }

    /** {@code checkAfterNanos}: tests check every reuse (0) instead of waiting for a connection to age. */
    Http1Pool(long checkAfterNanos) {
        this.checkAfterNanos = checkAfterNanos;
    }

    /** An idle connection to {@code host:port}, or null when there is none fresh enough. */
    Http1Connection idle(String origin) {
        IdleQueue q = idle.get(origin);
        if (q == null) return null;
        long now = System.nanoTime();
        Http1Connection c;
        while ((c = q.pollFirst()) != null) {
            long idleFor = now - c.idleSince;
            if (idleFor < MAX_IDLE_NANOS && !c.isClosed() && (idleFor < checkAfterNanos || c.stillOpen())) return c;
            c.close();
        }
        return null;
    }

    /** A new connection; refusals stay ConnectException and a slow connect becomes HttpConnectTimeoutException, as in HttpClient. */
    Http1Connection connect(String origin, String host, int port, Duration timeout) throws IOException {
        if (closed) throw new IOException("piapi is shutting down");
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) throw new ConnectException("cannot resolve the upstream host");
        SocketChannel channel = SocketChannel.open();
        Socket socket = channel.socket();
        try {
            socket.setTcpNoDelay(true); // requests and SSE events are small writes that must leave at once
            socket.setKeepAlive(true);
            socket.connect(address, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new HttpConnectTimeoutException("connect timed out");
        } catch (UnknownHostException e) {
            socket.close();
            throw new ConnectException("cannot resolve the upstream host");
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        Http1Connection c = new Http1Connection(channel, this, origin);
        open.add(c);
        if (closed) { // lost a race with close(): do not leave it open
            c.close();
            throw new IOException("piapi is shutting down");
        }
        return c;
    }

    void release(Http1Connection c) {
        if (closed) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        IdleQueue q = idle.get(c.origin);
        if (q == null) q = idle.computeIfAbsent(c.origin, k -> new IdleQueue());
        q.deque.offerFirst(c);
        int size = q.size.incrementAndGet();
        // Keep the pool bounded, and let the oldest idle connection go once it is stale.
        Http1Connection oldest = q.deque.peekLast();
        if (oldest != null && (size > MAX_IDLE_PER_ORIGIN || c.idleSince - oldest.idleSince > MAX_IDLE_NANOS)
                && q.deque.removeLastOccurrence(oldest)) {
            q.size.decrementAndGet();
            oldest.close();
        }
    }

    void forget(Http1Connection c) {
        open.remove(c);
    }

    /** Closes every connection, idle or in use. */
    @Override
    public void close() {
        closed = true;
        for (Http1Connection c : open) c.close();
        idle.clear();
    }
}
