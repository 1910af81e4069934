package piapi.usage;

/**
 * Server-sent events framing (the WHATWG EventSource rules), exact however the bytes are split: lines end with
 * CRLF, LF or CR (a CR at the end of one read and its LF at the start of the next make one line end); a field
 * name may be followed by ':' and one optional space ({@code data:x} and {@code data: x} are the same);
 * several {@code data} lines of one event are joined with a line feed; lines starting with ':' are comments;
 * a blank line dispatches the event; an event not dispatched when the stream ends is dropped, as a browser
 * drops it. Only bytes 0x0A and 0x0D end a line, so U+2028 and U+2029 inside a JSON string, and UTF-8
 * characters split across reads, pass as the bytes they are.
 *
 * <p>Data bytes go straight to the {@link JsonScanner} as they arrive: no line and no event is buffered, so an
 * event of any size costs the same fixed memory. Only an {@code event:} name is kept, up to
 * {@value #EVENT_NAME_BYTES} bytes.
 */
final class SseFramer implements ByteSink {
    private static final byte[] LINE_FEED = {'\n'};
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DATA_NAME = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT_NAME = {'e', 'v', 'e', 'n', 't'};
    private static final int EVENT_NAME_BYTES = 64;

    private static final int LINE_START = 0;
    private static final int NAME = 1;
    private static final int AFTER_COLON = 2;
    private static final int EVENT = 3;
    private static final int DATA = 4;
    private static final int SKIP = 5;

    private static final int FIELD_OTHER = 0;
    private static final int FIELD_DATA = 1;
    private static final int FIELD_EVENT = 2;

    private final JsonScanner json;
    private final UsageTally tally;
    private final CaptureBuffer eventName = new CaptureBuffer(EVENT_NAME_BYTES);
    private final byte[] name = new byte[EVENT_NAME.length];
    private int nameLength;
    private int state = LINE_START;
    private int field;
    private boolean skipLineFeed;
    private int bomMatched;
    private int dataLines;
    private boolean eventNamed;

    SseFramer(JsonScanner json, UsageTally tally) {
        this.json = json;
        this.tally = tally;
    }

    @Override
    public void bytes(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (bomMatched < BOM.length && i < end) { // a UTF-8 byte order mark may open the stream
            if (b[i] == BOM[bomMatched]) {
                bomMatched++;
                i++;
            } else {
                bomMatched = BOM.length;
            }
        }
        while (i < end) {
            i = switch (state) {
                case DATA -> data(b, i, end);
                case SKIP -> skip(b, i, end);
                case NAME -> name(b, i, end);
                case EVENT -> eventName(b, i, end);
                default -> step(b[i], i);
            };
        }
    }

    /** One byte at a line's start, or the byte after a field name's colon. */
    private int step(byte c, int i) {
        if (state == AFTER_COLON) {
            enterValue();
            return c == ' ' ? i + 1 : i; // one space after the colon is not part of the value
        }
        if (skipLineFeed) {
            skipLineFeed = false;
            if (c == '\n') return i + 1; // the LF of a CRLF split across reads, or not
        }
        if (c == '\n' || c == '\r') {
            skipLineFeed = c == '\r';
            dispatch();
        } else if (c == ':') {
            state = SKIP; // a comment
        } else {
            nameLength = 0;
            state = NAME;
            return i; // name() reads it
        }
        return i + 1;
    }

    /** A field name, up to its colon or, for a name alone (the field with an empty value), the line end. */
    private int name(byte[] b, int i, int end) {
        for (; i < end; i++) {
            byte c = b[i];
            if (c == ':') {
                field = field();
                state = AFTER_COLON;
                return i + 1;
            }
            if (c == '\n' || c == '\r') {
                field = field();
                enterValue();
                endLine(c);
                return i + 1;
            }
            addName(c);
        }
        return end;
    }

    /** An {@code event:} value, kept up to the bound. */
    private int eventName(byte[] b, int i, int end) {
        int lineEnd = ByteScan.lineEnd(b, i, end);
        eventName.addPlain(b, i, lineEnd);
        if (lineEnd == end) return end;
        endLine(b[lineEnd]);
        return lineEnd + 1;
    }

    private void addName(byte c) {
        if (nameLength < name.length) name[nameLength] = c;
        nameLength++;
    }

    private int field() {
        if (is(DATA_NAME)) return FIELD_DATA;
        return is(EVENT_NAME) ? FIELD_EVENT : FIELD_OTHER;
    }

    private boolean is(byte[] known) {
        if (nameLength != known.length) return false;
        for (int i = 0; i < known.length; i++) {
            if (name[i] != known[i]) return false;
        }
        return true;
    }

    private void enterValue() {
        switch (field) {
            case FIELD_DATA -> {
                if (dataLines++ > 0) json.bytes(LINE_FEED, 0, 1); // data lines are joined with a line feed
                state = DATA;
            }
            case FIELD_EVENT -> {
                eventName.reset();
                eventNamed = true;
                state = EVENT;
            }
            default -> state = SKIP; // id, retry, unknown fields
        }
    }

    private int data(byte[] b, int i, int end) {
        int start = i;
        i = ByteScan.lineEnd(b, i, end);
        if (i > start) json.bytes(b, start, i - start);
        if (i < end) endLine(b[i++]);
        return i;
    }

    private int skip(byte[] b, int i, int end) {
        i = ByteScan.lineEnd(b, i, end);
        if (i < end) endLine(b[i++]);
        return i;
    }

    private void endLine(byte c) {
        skipLineFeed = c == '\r';
        state = LINE_START;
    }

    /** A blank line: the event is whole. An event without data is no event. */
    private void dispatch() {
        if (dataLines > 0) {
            int kind = eventNamed && eventName.length() > 0 ? UsageTally.kind(eventName) : UsageTally.KIND_NONE;
            tally.dispatched(kind, json.done());
            json.reset();
        }
        dataLines = 0;
        eventNamed = false;
    }
}
