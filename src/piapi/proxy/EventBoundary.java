package piapi.proxy;

import java.nio.charset.StandardCharsets;

/**
 * Whether the bytes of a server-sent event stream written so far end between two events, that is right after
 * the blank line that ends an event (or before anything), so a comment line written now cannot land inside
 * an event. Lines end in LF, CRLF or CR, and the stream may be cut anywhere into chunks: only the run of
 * line-end bytes at the end of what was written matters, so each chunk is looked at from its end, and a
 * chunk of line ends alone continues the run of the one before. A trailing CR is not yet a boundary in a
 * CRLF stream (its LF may follow). It also learns the stream's line ending, so the heartbeat matches it.
 * One relay thread feeds it; the heartbeat reads it under the same lock.
 */
final class EventBoundary {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] COMMENT_LF = ":\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMENT_CRLF = ":\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMENT_CR = ":\r".getBytes(StandardCharsets.US_ASCII);

    /** The stream's line ending, as first seen. */
    enum Ending { UNKNOWN, LF, CRLF, CR }

    /** Line ends in the run of CR/LF bytes that ends the stream so far, counted up to 2 (a CRLF is one). */
    private int trailingLineEnds;
    /** Nothing but line ends has been written (a stream that starts with blank lines is between events). */
    private boolean onlyLineEnds = true;
    /** The last byte written was a CR, whose LF may still come. */
    private boolean lastWasCr;
    private Ending ending = Ending.UNKNOWN;

    /** Takes note of {@code length} bytes just written. */
    void accept(byte[] b, int offset, int length) {
        if (length <= 0) return;
        int end = offset + length;
        if (lastWasCr) learn(b[offset] == LF ? Ending.CRLF : Ending.CR);
        if (ending == Ending.UNKNOWN) learnFrom(b, offset, end);
        int runStart = end;
        while (runStart > offset && isLineEnd(b[runStart - 1])) runStart--;
        if (runStart > offset) { // text before the run: the run alone decides
            trailingLineEnds = 0;
            onlyLineEnds = false;
            lastWasCr = false;
        }
        for (int i = runStart; i < end; i++) {
            byte c = b[i];
            if (c == LF && lastWasCr) { // the second half of a CRLF: counted with its CR
                lastWasCr = false;
                continue;
            }
            if (trailingLineEnds < 2) trailingLineEnds++;
            lastWasCr = c == CR;
        }
    }

    /** Whether a comment line written now would sit between two events. */
    boolean betweenEvents() {
        return (onlyLineEnds || trailingLineEnds >= 2) && (!lastWasCr || ending == Ending.CR);
    }

    Ending ending() {
        return ending;
    }

    /** The heartbeat comment line in the stream's own line ending (LF until one is seen). */
    byte[] comment() {
        return switch (ending) {
            case CRLF -> COMMENT_CRLF;
            case CR -> COMMENT_CR;
            case LF, UNKNOWN -> COMMENT_LF;
        };
    }

    /** The ending of the first line end in {@code b[from, to)}, if there is one whose ending is certain. */
    private void learnFrom(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == LF) {
                learn(Ending.LF);
                return;
            }
            if (b[i] == CR) {
                if (i + 1 < to) learn(b[i + 1] == LF ? Ending.CRLF : Ending.CR);
                return; // a CR at the chunk's end: the next chunk tells
            }
        }
    }

    private void learn(Ending seen) {
        if (ending == Ending.UNKNOWN) ending = seen;
    }

    private static boolean isLineEnd(byte c) {
        return c == LF || c == CR;
    }
}
