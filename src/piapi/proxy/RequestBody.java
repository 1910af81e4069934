package piapi.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A request body as received, kept whole so every attempt can send it again: in one array (the usual case),
 * or, when the memory budget for bodies had no room, in a temporary file. Each attempt gets a fresh publisher
 * that sends it from its first byte. Readers that only look at the body (the usage scan) take {@link #open}.
 */
public sealed interface RequestBody permits RequestBody.InMemory, RequestBody.InFile {
    /** No body. */
    RequestBody EMPTY = new InMemory(new byte[0], 0);
    /** The HttpClient's buffer size ({@code jdk.httpclient.bufsize}, 16 KiB by default). */
    int ONE_CLIENT_BUFFER = 16 * 1024;

    /** The body's length in bytes. */
    long length();

    /** A publisher that sends the whole body from its start, for one upstream attempt. */
    HttpRequest.BodyPublisher publisher();

    /** The body from its first byte, wherever it is kept; closing the stream leaves the body as it is. */
    InputStream open();

    /** The first {@code size} bytes of {@code bytes} (the array may be longer: a chunked body's last buffer). */
    record InMemory(byte[] bytes, int size) implements RequestBody {
        /** The whole array. */
        public InMemory(byte[] bytes) {
            this(bytes, bytes.length);
        }

        @Override
        public long length() {
            return size;
        }

        /**
         * The HttpClient's byte-array publisher copies the whole body into buffers of its own when an attempt starts
         * and keeps them until the exchange ends: a second copy of every large body, outside the memory budget.
         * Past one such buffer the body is handed over as a stream, read a buffer at a time as the upstream takes it.
         */
        @Override
        public HttpRequest.BodyPublisher publisher() {
            if (size <= ONE_CLIENT_BUFFER) return HttpRequest.BodyPublishers.ofByteArray(bytes, 0, size);
            return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(this::open), size);
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes, 0, size);
        }
    }

    /**
     * The first {@code length} bytes of a temporary file, read through {@code channel} by position, so attempts
     * (and a scan) never share a file position. The channel belongs to whoever made the file: it is closed, and
     * the file with it, when the request ends.
     */
    record InFile(FileChannel channel, long length) implements RequestBody {
        @Override
        public HttpRequest.BodyPublisher publisher() {
            // Declared length: the upstream gets Content-Length, as it would for a body held in memory.
            return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(this::open), length);
        }

        @Override
        public InputStream open() {
            return new FileSlice(channel, length);
        }
    }

    /** Reads a channel from position 0 to {@code length} by absolute position; close does not close the channel. */
    final class FileSlice extends InputStream {
        private final FileChannel channel;
        private final long length;
        private long position;

        FileSlice(FileChannel channel, long length) {
            this.channel = channel;
            this.length = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= length) return -1;
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, length - position)), position);
            if (n < 0) throw new IOException("the body's temporary file ended early");
            position += n;
            return n;
        }
    }
}
