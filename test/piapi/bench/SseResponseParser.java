package piapi.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one streamed response from non-blocking reads, byte by byte, without keeping it: the status,
 * the chunked framing, and in the body each event's {@code "seq":} and {@code "sent_ns":} values (the
 * delay is the read's arrival time minus the send time) and the closing {@code [DONE]}. It holds a few
 * ints per stream, so one load generator can follow thousands of streams.
 */
final class SseResponseParser {
    enum State { HEAD, SIZE, SIZE_EXT, DATA, DATA_CR, DATA_LF, TRAILER, RAW, END, FAILED }

    /** Receives each event's delay in nanoseconds. */
    interface DelaySink {
        void delay(long nanos);
    }

    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENT = "\"sent_ns\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private static final boolean DEBUG = System.getenv("STREAMLOAD_DEBUG") != null;
    private State state = State.HEAD;
    private byte[] head = new byte[512];
    private int headLength;
    int status;
    private long chunkLeft;
    private int trailerLine;
    private int seqMatch, sentMatch, doneMatch;
    private int number = -1; // 0: reading seq digits, 1: reading sent_ns digits
    private long value;
    int events;
    boolean outOfOrder;
    boolean sawDone;
    String failure;

    State state() {
        return state;
    }

    /** Feeds what was read at {@code now}; returns the state after it. */
    State feed(ByteBuffer data, long now, DelaySink sink) {
        while (data.hasRemaining() && state != State.END && state != State.FAILED) {
            byte b = data.get();
            switch (state) {
                case HEAD -> head(b);
                case SIZE -> size(b);
                case SIZE_EXT -> { if (b == '\n') afterSize(); }
                case DATA -> {
                    body(b, now, sink);
                    if (--chunkLeft == 0) state = State.DATA_CR;
                }
                case DATA_CR -> state = b == '\r' ? State.DATA_LF : fail("bad chunk end");
                case DATA_LF -> state = b == '\n' ? State.SIZE : fail("bad chunk end");
                case TRAILER -> trailer(b);
                case RAW -> body(b, now, sink);
                default -> { }
            }
        }
        return state;
    }

    /** The connection closed: a close-delimited body ends here, anything else was cut. */
    State closed() {
        if (state == State.RAW) state = State.END;
        else if (state != State.END && state != State.FAILED) fail("connection closed mid-response (" + state + ")");
        return state;
    }

    boolean intact(int expectedEvents) {
        return state == State.END && status == 200 && events == expectedEvents && sawDone && !outOfOrder;
    }

    private void head(byte b) {
        if (headLength == head.length) {
            if (head.length >= 16_384) {
                fail("response head too large");
                return;
            }
            head = java.util.Arrays.copyOf(head, head.length * 2);
        }
        head[headLength++] = b;
        if (headLength >= 4 && b == '\n' && head[headLength - 2] == '\r' && head[headLength - 3] == '\n' && head[headLength - 4] == '\r') {
            String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
            head = null;
            status = text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
            if (status != 200) {
                state = State.END;
                return;
            }
            state = text.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked") ? State.SIZE : State.RAW;
        }
    }

    private void size(byte b) {
        int digit = Character.digit(b, 16);
        if (digit >= 0) chunkLeft = chunkLeft * 16 + digit;
        else if (b == ';' || b == '\r') state = State.SIZE_EXT;
        else if (b == '\n') afterSize();
        else fail("bad chunk size");
    }

    private void afterSize() {
        if (chunkLeft == 0) {
            state = State.TRAILER;
            trailerLine = 0;
        } else {
            state = State.DATA;
        }
    }

    private void trailer(byte b) {
        if (b == '\n') {
            if (trailerLine == 0) state = State.END;
            trailerLine = 0;
        } else if (b != '\r') {
            trailerLine++;
        }
    }

    private void body(byte b, long now, DelaySink sink) {
        if (number >= 0) {
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                return;
            }
            if (number == 0) {
                if (value != events) outOfOrder = true;
            } else {
                if (DEBUG && now - value > 100_000_000L) System.err.println("late event " + events + " by " + (now - value) / 1_000_000 + " ms");
                sink.delay(now - value);
                events++;
            }
            number = -1;
        }
        seqMatch = match(SEQ, seqMatch, b);
        sentMatch = match(SENT, sentMatch, b);
        doneMatch = match(DONE, doneMatch, b);
        if (seqMatch == SEQ.length) start(0);
        else if (sentMatch == SENT.length) start(1);
        else if (doneMatch == DONE.length) {
            sawDone = true;
            doneMatch = 0;
        }
    }

    private void start(int which) {
        number = which;
        value = 0;
        seqMatch = 0;
        sentMatch = 0;
    }

    private static int match(byte[] pattern, int matched, byte b) {
        if (b == pattern[matched]) return matched + 1;
        return b == pattern[0] ? 1 : 0;
    }

    private State fail(String why) {
        failure = why;
        state = State.FAILED;
        return state;
    }
}
