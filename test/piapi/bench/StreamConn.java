package piapi.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/** One connection of {@link StreamUpstream}: the request being read, the stream's schedule, bytes not yet written. */
final class StreamConn {
    final SocketChannel channel;
    final RequestHeadReader request = new RequestHeadReader();
    SelectionKey key;
    boolean streaming;
    int remaining;
    int seq;
    long gapNanos;
    /** When the next event is due (System.nanoTime()). */
    long next;
    private byte[] pending;
    private int pendingLength;

    StreamConn(SocketChannel channel) {
        this.channel = channel;
    }

    boolean hasPending() {
        return pendingLength > 0;
    }

    void queue(byte[] bytes, int offset, int length) throws IOException {
        if (pendingLength + length > 1 << 20) throw new IOException("reader stalled: over 1 MiB unsent");
        if (pending == null || pending.length < pendingLength + length) {
            pending = Arrays.copyOf(pending == null ? new byte[0] : pending, Math.max(4096, 2 * (pendingLength + length)));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    /** Writes what is pending; true when nothing is left. */
    boolean flushPending() throws IOException {
        if (pendingLength == 0) return true;
        ByteBuffer b = ByteBuffer.wrap(pending, 0, pendingLength);
        channel.write(b);
        int left = b.remaining();
        System.arraycopy(pending, pendingLength - left, pending, 0, left);
        pendingLength = left;
        if (left == 0) pending = null;
        return left == 0;
    }
}
