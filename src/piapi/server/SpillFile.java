package piapi.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicLong;
import piapi.proxy.RequestBody;

/**
 * One request body's temporary file while it is written and while attempts send it. Closing it (when the
 * request ends) closes the file, which frees its space: it has no name on disk any more.
 */
final class SpillFile implements AutoCloseable {
    private final FileChannel channel;
    private final AtomicLong onDisk;
    private long written;

    SpillFile(FileChannel channel, AtomicLong onDisk) {
        this.channel = channel;
        this.onDisk = onDisk;
    }

    /** Appends {@code length} bytes of {@code b}; thrown when the disk refuses them (full, gone, read-only). */
    void write(byte[] b, int offset, int length) throws DiskRefused {
        ByteBuffer buffer = ByteBuffer.wrap(b, offset, length);
        try {
            while (buffer.hasRemaining()) channel.write(buffer);
        } catch (IOException e) {
            throw new DiskRefused(e);
        }
        written += length;
        onDisk.addAndGet(length);
    }

    long written() {
        return written;
    }

    /** The body as written so far, for the attempts to send. */
    RequestBody body() {
        return new RequestBody.InFile(channel, written);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor is released either way
        }
        onDisk.addAndGet(-written);
        written = 0;
    }

    /** The disk would not take a body: no temporary file could be created or written. */
    static final class DiskRefused extends Exception {
        private static final long serialVersionUID = 1L;

        DiskRefused(Exception cause) {
            super(cause.getClass().getSimpleName(), cause, false, false);
        }
    }
}
