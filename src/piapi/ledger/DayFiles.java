package piapi.ledger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This instance's day files, written by the ledger's writer thread only. Lines are appended in chunks; each
 * entry's line ends at a known offset, so after a failed write exactly the entries that did not reach the file
 * are retried. A file found ending without a newline (a crash tore its last line) gets one before anything is
 * appended, so the torn fragment stays a line of its own that readers skip.
 */
final class DayFiles implements Closeable {
    private static final int CHUNK = 256 * 1024;

    private final Path dir;
    private final String instance;
    private final StringBuilder line = new StringBuilder(512);
    /** The line's bytes: copied from {@link #line} when it is ASCII (the usual case), else its UTF-8 encoding. */
    private byte[] lineBytes = new byte[512];
    private ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    /** Where each entry's line ends in the chunk. */
    private int[] ends = new int[1024];
    private int inChunk;
    private LocalDate openDay;
    private Path openPath;
    private FileChannel channel;
    private long size;
    private boolean unsynced;
    private boolean newFile;

    private final LedgerBuffer buffer;

    DayFiles(Path dir, String instance, LedgerBuffer buffer) {
        this.dir = dir;
        this.instance = instance;
        this.buffer = buffer;
    }

    /** How a batch went: the first {@code written} entries are in their files, which have these sizes; {@code failure} stopped the rest. */
    record Result(int written, Map<Path, Long> sizes, IOException failure) {}

    Result write(List<LedgerEntry> entries, ZoneId zone) {
        Map<Path, Long> sizes = new HashMap<>();
        int done = 0;
        inChunk = 0;
        chunk.clear();
        try {
            for (LedgerEntry e : entries) {
                LocalDate day = LocalDate.ofInstant(e.time(), zone);
                int length = encode(e);
                if (!day.equals(openDay) || chunk.remaining() < length) {
                    done += drain(sizes);
                    if (!day.equals(openDay)) open(day);
                    if (chunk.capacity() < length) chunk = ByteBuffer.allocate(length);
                }
                chunk.put(lineBytes, 0, length);
                if (inChunk == ends.length) ends = java.util.Arrays.copyOf(ends, ends.length * 2);
                ends[inChunk++] = chunk.position();
            }
            done += drain(sizes);
            return new Result(done, sizes, null);
        } catch (PartialWrite p) {
            closeQuietly(); // reopened, and its torn line ended, on the next write
            return new Result(done + p.entries, sizes, p.failure);
        } catch (IOException e) {
            closeQuietly();
            return new Result(done, sizes, e);
        }
    }

    /** A chunk write that failed after {@code entries} whole lines of it reached the file. */
    private static final class PartialWrite extends IOException {
        private static final long serialVersionUID = 1L;
        final transient IOException failure;
        final int entries;

        PartialWrite(IOException cause, int entries) {
            super(cause.getMessage(), cause);
            this.failure = cause;
            this.entries = entries;
        }
    }

    /**
     * Writes the entry's line into {@link #lineBytes} and returns its length in bytes. An ASCII line (names and ids
     * usually are) is copied char for char, without the two copies of a String and its UTF-8 array per entry.
     */
    private int encode(LedgerEntry e) {
        line.setLength(0);
        LedgerLine.write(line, e);
        line.append('\n');
        int n = line.length();
        if (lineBytes.length < n) lineBytes = new byte[Math.max(n, lineBytes.length * 2)];
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = line.toString().getBytes(StandardCharsets.UTF_8);
                if (lineBytes.length < utf8.length) lineBytes = new byte[utf8.length];
                System.arraycopy(utf8, 0, lineBytes, 0, utf8.length);
                return utf8.length;
            }
            lineBytes[i] = (byte) c;
        }
        return n;
    }

    /** Writes the chunk; returns how many entries it held. On failure, says how many whole lines got through. */
    private int drain(Map<Path, Long> sizes) throws IOException {
        if (inChunk == 0) return 0;
        chunk.flip();
        try {
            while (chunk.hasRemaining()) size += channel.write(chunk);
        } catch (IOException e) {
            int whole = 0;
            while (whole < inChunk && ends[whole] <= chunk.position()) whole++;
            if (whole > 0) sizes.put(openPath, size - (chunk.position() - ends[whole - 1]));
            throw new PartialWrite(e, whole);
        }
        chunk.clear();
        unsynced = true;
        sizes.put(openPath, size);
        int entries = inChunk;
        inChunk = 0;
        return entries;
    }

    private void open(LocalDate day) throws IOException {
        sync();
        closeQuietly();
        Path path = dir.resolve(LedgerFiles.name(day, instance));
        newFile = !Files.exists(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try {
            long existing = ch.size();
            if (existing > 0 && lastByte(path, existing) != '\n') {
                existing += ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
                unsynced = true;
            }
            buffer.opened(path, existing); // before any line of this run: readers know which bytes are complete
            channel = ch;
            openPath = path;
            openDay = day;
            size = existing;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private static int lastByte(Path path, long size) throws IOException {
        try (FileChannel r = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            r.read(one, size - 1);
            return one.get(0);
        }
    }

    /** Forces what was written to the disk (and a new file's directory entry). */
    void sync() throws IOException {
        if (channel == null || !unsynced) return;
        channel.force(false);
        unsynced = false;
        if (newFile) {
            newFile = false;
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // some file systems cannot sync a directory; the file's own data is synced above
            }
        }
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more can be done with it
            }
        }
        channel = null;
        openPath = null;
        openDay = null;
        unsynced = false;
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            closeQuietly();
        }
    }
}
