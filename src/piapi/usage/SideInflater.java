package piapi.usage;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a copy of a gzip or deflate body for the parser, one relayed read at a time, with
 * {@link Inflater} driven directly: everything a read holds is decompressed before the call returns, so no
 * byte waits for the end of a deflate block (a {@code GZIPInputStream} in the relay would hold them) and the
 * caller's array is never kept. The gzip header and trailer are read here (several members in a row too, as
 * {@code gzip -d} reads them); deflate is the zlib format, or raw deflate when the first two bytes are not a
 * zlib header (some servers send that).
 *
 * <p>Output goes through one fixed {@value #OUT_BYTES}-byte buffer. One read may decompress to at most
 * {@value #ALLOWANCE} bytes plus {@value #MAX_RATIO} times its own size; past that reading stops
 * ({@link MeterIssue#INFLATE_LIMIT}), so a compression bomb costs bounded time on the relay's thread.
 */
final class SideInflater {
    private static final int OUT_BYTES = 8 * 1024;
    private static final int ALLOWANCE = 1 << 20;
    private static final int MAX_RATIO = 256;
    private static final byte[] NO_INPUT = new byte[0];

    private static final int HEADER = 0;
    private static final int BODY = 1;
    private static final int TRAILER = 2;
    private static final int NEXT_MEMBER = 3;
    private static final int ZLIB_CHECK = 4;
    private static final int END = 5;
    private static final int FAILED = 6;

    private final ByteSink sink;
    private final boolean gzip;
    private final byte[] out = new byte[OUT_BYTES];
    private final byte[] head = new byte[8];
    private final GzipHeader header;
    private final CRC32 crc;
    private Inflater inflater;
    private int phase;
    private int headLength;
    private long memberBytes;
    private long budget;
    private MeterIssue failure;

    SideInflater(boolean gzip, ByteSink sink) {
        this.gzip = gzip;
        this.sink = sink;
        if (gzip) {
            header = new GzipHeader();
            crc = new CRC32();
            inflater = new Inflater(true);
            phase = HEADER;
        } else {
            header = null;
            crc = null;
            phase = ZLIB_CHECK;
        }
    }

    void bytes(byte[] b, int off, int len) {
        budget = ALLOWANCE + (long) MAX_RATIO * len;
        int i = off;
        int end = off + len;
        while (i < end && phase < END) {
            i = switch (phase) {
                case HEADER -> header(b, i, end);
                case BODY -> inflate(b, i, end);
                case TRAILER -> trailer(b, i, end);
                case NEXT_MEMBER -> nextMember(b, i);
                default -> zlibCheck(b, i);
            };
        }
    }

    /** Why decoding stopped, or null. */
    MeterIssue failure() {
        return failure;
    }

    /** Whether the compressed stream ended where a stream may end: after a whole gzip member or deflate stream. */
    boolean endedCleanly() {
        return phase == NEXT_MEMBER || phase == END;
    }

    /** Frees the inflater's native memory; call once, when the body ended. */
    void close() {
        if (inflater != null) inflater.end();
    }

    private int header(byte[] b, int i, int end) {
        i = header.read(b, i, end);
        if (header.invalid()) {
            fail(MeterIssue.CORRUPT_ENCODING);
        } else if (header.done()) {
            phase = BODY;
        }
        return i;
    }

    /** HTTP's deflate is the zlib format, but some servers send raw deflate: the first two bytes tell which. */
    private int zlibCheck(byte[] b, int i) {
        head[headLength++] = b[i];
        if (headLength == 2) {
            int cmf = head[0] & 0xFF;
            int flg = head[1] & 0xFF;
            boolean zlib = (cmf & 0x0F) == 8 && cmf >>> 4 <= 7 && (cmf << 8 | flg) % 31 == 0;
            inflater = new Inflater(!zlib);
            phase = BODY;
            inflate(head, 0, 2);
        }
        return i + 1;
    }

    private int inflate(byte[] b, int i, int end) {
        inflater.setInput(b, i, end - i);
        try {
            while (true) {
                int n = inflater.inflate(out, 0, out.length);
                if (n > 0) {
                    budget -= n;
                    if (budget < 0) return fail(MeterIssue.INFLATE_LIMIT, end);
                    if (gzip) crc.update(out, 0, n);
                    memberBytes += n;
                    sink.bytes(out, 0, n);
                }
                if (inflater.finished()) {
                    int left = inflater.getRemaining();
                    inflater.setInput(NO_INPUT);
                    phase = gzip ? TRAILER : END;
                    headLength = 0;
                    return end - left;
                }
                if (n == 0) {
                    // no output and not finished: it wants input, or a preset dictionary HTTP never uses
                    if (!inflater.needsInput()) return fail(MeterIssue.CORRUPT_ENCODING, end);
                    inflater.setInput(NO_INPUT); // keep no reference to the caller's array
                    return end;
                }
            }
        } catch (DataFormatException e) {
            return fail(MeterIssue.CORRUPT_ENCODING, end);
        }
    }

    /** CRC-32 and length (mod 2^32) of the member's data, little-endian; a mismatch means the data read was wrong. */
    private int trailer(byte[] b, int i, int end) {
        while (i < end && headLength < 8) head[headLength++] = b[i++];
        if (headLength < 8) return i;
        if (littleEndian(0) != crc.getValue() || littleEndian(4) != (memberBytes & 0xFFFFFFFFL)) {
            return fail(MeterIssue.CORRUPT_ENCODING, end);
        }
        phase = NEXT_MEMBER;
        crc.reset();
        memberBytes = 0;
        inflater.reset();
        header.reset();
        return i;
    }

    /** Another member may follow; anything else after a member is ignored, as gzip -d ignores trailing garbage. */
    private int nextMember(byte[] b, int i) {
        phase = b[i] == 0x1F ? HEADER : END;
        return i;
    }

    private long littleEndian(int at) {
        return (head[at] & 0xFFL) | (head[at + 1] & 0xFFL) << 8 | (head[at + 2] & 0xFFL) << 16 | (head[at + 3] & 0xFFL) << 24;
    }

    private void fail(MeterIssue issue) {
        failure = issue;
        phase = FAILED;
        if (inflater != null) inflater.setInput(NO_INPUT);
    }

    private int fail(MeterIssue issue, int end) {
        fail(issue);
        return end;
    }
}
