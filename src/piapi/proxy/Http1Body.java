package piapi.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body read straight from the upstream connection: {@link #fixed} (Content-Length),
 * {@link #chunked}, or {@link #untilClose}. Reaching the end cleanly hands the connection back to the
 * pool; closing the body before its end closes the connection (its framing is lost), which is also how
 * the idle watchdog and a departed client cancel the upstream exchange.
 */
abstract class Http1Body extends InputStream {
    private static final int MAX_LINE = 8 * 1024;

    final Http1Connection connection;
    private final boolean reusable;
    private boolean done;
    private volatile boolean closed;

    private Http1Body(Http1Connection connection, boolean reusable) {
        this.connection = connection;
        this.reusable = reusable;
    }

    static InputStream empty(Http1Connection connection, boolean reusable) {
        if (reusable) connection.release(); else connection.close();
        return InputStream.nullInputStream();
    }

    static Http1Body fixed(Http1Connection connection, long length, boolean reusable) {
        return new Fixed(connection, length, reusable);
    }

    static Http1Body chunked(Http1Connection connection, boolean reusable) {
        return new Chunked(connection, reusable);
    }

    static Http1Body untilClose(Http1Connection connection) {
        return new Fixed(connection, Long.MAX_VALUE, false);
    }

    /** Reads up to {@code len} bytes of the body; -1 at its end. */
    abstract int readBody(byte[] b, int off, int len) throws IOException;

    abstract int bufferedBody() throws IOException;

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (closed) throw new IOException("closed");
        if (done) return -1;
        if (len == 0) return 0;
        int n = readBody(b, off, len);
        if (n < 0) finish();
        return n;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int available() throws IOException {
        return closed || done ? 0 : bufferedBody();
    }

    private void finish() {
        done = true;
        if (reusable) connection.release(); else connection.close();
    }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        if (!done) connection.close(); // mid-body: the connection cannot carry another request
    }

    /** Content-Length, or everything until the server closes (length MAX_VALUE). */
    private static final class Fixed extends Http1Body {
        private long remaining;

        Fixed(Http1Connection connection, long length, boolean reusable) {
            super(connection, reusable);
            this.remaining = length;
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) return -1;
            int n = connection.in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                if (remaining == Long.MAX_VALUE) return -1; // read until close: this is the end
                throw new EOFException("the upstream closed the connection " + remaining + " bytes before the end of the body");
            }
            if (remaining != Long.MAX_VALUE) remaining -= n;
            return n;
        }

        @Override
        int bufferedBody() throws IOException {
            return (int) Math.min(remaining, connection.in.available());
        }
    }

    /** Transfer-Encoding: chunked; trailers are read and dropped. */
    private static final class Chunked extends Http1Body {
        private long remaining; // of the current chunk
        private boolean last;

        Chunked(Http1Connection connection, boolean reusable) {
            super(connection, reusable);
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                if (last || !nextChunk()) return -1;
            }
            int n = connection.in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) throw new EOFException("the upstream closed the connection inside a chunk");
            remaining -= n;
            if (remaining == 0) expectLineEnd();
            return n;
        }

        /** Reads the next chunk's size line; false at the last (zero) chunk, after its trailers. */
        private boolean nextChunk() throws IOException {
            String line = Http1Lines.read(connection.in, MAX_LINE);
            int semicolon = line.indexOf(';');
            String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size from the upstream");
            }
            if (size < 0) throw new IOException("bad chunk size from the upstream");
            if (size == 0) {
                last = true;
                while (!Http1Lines.read(connection.in, MAX_LINE).isEmpty()) {
                    // trailers: not forwarded (the JDK server cannot send them)
                }
                return false;
            }
            remaining = size;
            return true;
        }

        private void expectLineEnd() throws IOException {
            if (!Http1Lines.read(connection.in, MAX_LINE).isEmpty()) throw new IOException("malformed chunk from the upstream");
        }

        @Override
        int bufferedBody() throws IOException {
            return remaining == 0 ? 0 : (int) Math.min(remaining, connection.in.available());
        }
    }
}
