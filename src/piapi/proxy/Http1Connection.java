package piapi.proxy;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One kept-alive HTTP/1.1 connection to an upstream: a blocking socket (piapi runs every exchange on its
 * own virtual thread, so blocking reads cost no platform thread) with a read buffer that lives as long
 * as the connection, so a request allocates none.
 */
final class Http1Connection implements Closeable {
    private static final int READ_BUFFER = 16 * 1024;

    private final SocketChannel channel;
    private final Socket socket;
    private final Http1Pool pool;
    final String origin;
    final InputStream in;
    final OutputStream out;
    /** Requests sent on this connection so far: a failure on a reused one may be the server's idle close. */
    int uses;
    long idleSince;

    /** {@code socket} is {@code channel}'s adaptor: blocking streams with read timeouts, and a channel to peek with. */
    Http1Connection(SocketChannel channel, Http1Pool pool, String origin) throws IOException {
        this.channel = channel;
        this.socket = channel.socket();
        this.pool = pool;
        this.origin = origin;
        this.in = new BufferedInputStream(socket.getInputStream(), READ_BUFFER);
        this.out = socket.getOutputStream();
    }

    /** Read timeout for what follows, in ms (0: none). */
    void readTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    /** The response was read to its end and the connection may carry another request. */
    void release() {
        pool.release(this);
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    /**
     * Whether an idle connection can carry a request: the server has not closed it (many close idle
     * connections after a few seconds: uvicorn, Node) and sent nothing unasked. A non-blocking read tells,
     * for one system call; writing to a closed connection would instead fail the request with a reset.
     */
    boolean stillOpen() {
        try {
            if (in.available() > 0) return false;
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already broken: nothing to release beyond the descriptor, which close() frees anyway
        }
        pool.forget(this);
    }
}
