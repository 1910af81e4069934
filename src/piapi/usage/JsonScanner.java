package piapi.usage;

import java.util.Arrays;

/**
 * An incremental JSON scanner that reads only what a {@link FieldTable} asks for. Bytes arrive in pieces split
 * anywhere (inside a key, an escape, a number, a multi-byte character); the scanner keeps its place between
 * pieces in a few fields, and reports each value found at a known path to its {@link ScanTarget}.
 *
 * <p>Nothing is built: strings are skipped byte by byte except the keys of objects on a known path and the few
 * string values a table names (each kept in a bounded {@link CaptureBuffer}); numbers are accumulated only at
 * a count's path. Memory is fixed whatever the size of the document: a 10 MB event costs what a 100-byte one
 * does. Nesting deeper than {@value #MAX_DEPTH} stops the scan of that document ({@link #tooDeep()}).
 *
 * <p>An <em>event</em> is the top-level object, or an object element of a top-level array (a Gemini stream
 * read without {@code alt=sse} is one JSON array of chunks); paths are relative to it. Invalid JSON stops the
 * scan of the document ({@code data: [DONE]} is simply not an event); values already reported stay reported.
 */
final class JsonScanner implements ByteSink {
    static final int MAX_DEPTH = 1024;
    /** Paths are kept for this many levels: a known path is at most FieldTable.MAX_LEVELS below an event at depth 1 or 2. */
    private static final int CODE_LEVELS = 8;
    private static final int CAPTURE_BYTES = 256;

    private static final int VALUE = 0;
    private static final int FIRST_VALUE = 1;
    private static final int FIRST_KEY = 2;
    private static final int KEY = 3;
    private static final int COLON = 4;
    private static final int AFTER_VALUE = 5;
    private static final int DONE = 6;
    private static final int STRING = 7;
    private static final int NUMBER = 8;
    private static final int LITERAL = 9;
    private static final int FAILED = 10;

    private final FieldTable table;
    private final ScanTarget target;
    private final CaptureBuffer capture = new CaptureBuffer(CAPTURE_BYTES);
    /** Bit d set: the container at depth d is an array. One word covers the depths real documents reach; the rest only for deep ones. */
    private long[] arrays = new long[1];
    /** codes[d]: the path of the value being read inside the container at depth d. */
    private final int[] codes = new int[CODE_LEVELS];

    private int state = VALUE;
    private int depth;
    private int eventDepth;
    private boolean tooDeep;

    private boolean stringIsKey;
    private boolean capturing;
    private boolean skipNext;
    private int stringField;

    private int numberField;
    private long number;
    private int digits;
    private boolean numberValid;

    private int literalField;
    private byte literalFirst;

    JsonScanner(FieldTable table, ScanTarget target) {
        this.table = table;
        this.target = target;
    }

    /** Starts a new document (the next SSE event). */
    void reset() {
        state = VALUE;
        depth = 0;
        eventDepth = 0;
        skipNext = false;
    }

    /** Whether one whole JSON value was read and nothing but whitespace followed it. */
    boolean done() {
        return state == DONE;
    }

    /** Whether some document nested deeper than {@value #MAX_DEPTH} levels (its scan stopped there). */
    boolean tooDeep() {
        return tooDeep;
    }

    @Override
    public void bytes(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (state) {
                case STRING -> i = string(b, i, end);
                case NUMBER -> i = number(b, i, end);
                case LITERAL -> i = literal(b, i, end);
                case FAILED -> {
                    return;
                }
                default -> i = structural(b[i], i);
            }
        }
    }

    /** Whitespace, brackets, commas and colons; returns the index of the next byte to read. */
    private int structural(byte c, int i) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') return i + 1;
        switch (state) {
            case VALUE, FIRST_VALUE -> {
                if (c == ']' && state == FIRST_VALUE) {
                    close();
                    return i + 1;
                }
                return startValue(c, i);
            }
            case FIRST_KEY, KEY -> {
                if (c == '}' && state == FIRST_KEY) {
                    close();
                } else if (c == '"') {
                    startKey();
                } else {
                    state = FAILED;
                }
            }
            case COLON -> state = c == ':' ? VALUE : FAILED;
            case AFTER_VALUE -> {
                boolean array = isArray(depth);
                if (c == ',') {
                    state = array ? VALUE : KEY;
                } else if (c == (array ? ']' : '}')) {
                    close();
                } else {
                    state = FAILED;
                }
            }
            default -> state = FAILED; // DONE: only whitespace may follow the value
        }
        return i + 1;
    }

    private int startValue(byte c, int i) {
        switch (c) {
            case '{' -> open(false);
            case '[' -> open(true);
            case '"' -> {
                stringIsKey = false;
                stringField = table.field(valueCode());
                startString(FieldTable.isString(stringField));
            }
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                int field = table.field(valueCode());
                numberField = FieldTable.isNumber(field) ? field : FieldTable.NONE;
                number = 0;
                digits = 0;
                numberValid = true;
                state = NUMBER;
                return i; // the number loop reads this byte
            }
            case 't', 'f', 'n' -> {
                literalField = table.field(valueCode());
                literalFirst = c;
                state = LITERAL;
            }
            default -> state = FAILED;
        }
        return i + 1;
    }

    private void startKey() {
        stringIsKey = true;
        startString(parentCode(depth) >= 0); // a key matters only in an object on a known path
    }

    private void startString(boolean capture) {
        capturing = capture;
        if (capture) this.capture.reset();
        skipNext = false;
        state = STRING;
    }

    private int string(byte[] b, int i, int end) {
        return capturing ? captureString(b, i, end) : skipString(b, i, end);
    }

    /** Most bytes of a document are here: text nobody needs, skipped eight bytes at a time up to a quote or backslash. */
    private int skipString(byte[] b, int i, int end) {
        if (skipNext) { // the byte after a backslash that ended the previous piece
            skipNext = false;
            i++;
        }
        while (i < end) {
            i = ByteScan.quoteOrBackslash(b, i, end);
            if (i == end) return end;
            if (b[i] == '"') {
                endString();
                return i + 1;
            }
            i += 2; // a backslash and the byte it escapes ('"' or '\\' included); \\uXXXX's digits are plain bytes
            if (i > end) {
                skipNext = true;
                return end;
            }
        }
        return i;
    }

    /** A key or a wanted value: plain runs are copied at once, escapes decoded byte by byte. */
    private int captureString(byte[] b, int i, int end) {
        while (i < end) {
            if (capture.inEscape()) {
                capture.add(b[i++]);
                continue;
            }
            int quote = ByteScan.quoteOrBackslash(b, i, end);
            for (; i < quote && capture.inHexEscape(); i++) capture.add(b[i]); // \\uXXXX digits: up to 4 bytes
            capture.addPlain(b, i, quote);
            if (quote == end) return end;
            if (b[quote] == '"') {
                capture.end();
                endString();
                return quote + 1;
            }
            capture.add(b[quote]); // the backslash
            i = quote + 1;
        }
        return i;
    }

    private void endString() {
        if (stringIsKey) {
            int id = capturing ? KeyDictionary.id(capture) : KeyDictionary.OTHER;
            if (depth < CODE_LEVELS) codes[depth] = FieldTable.child(parentCode(depth), id);
            state = COLON;
            return;
        }
        if (capturing) target.string(stringField, capture);
        afterValue();
    }

    private int number(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                if (digits < 18) {
                    number = number * 10 + (c - '0');
                } else {
                    numberValid = false; // beyond any real count: not a count
                }
                digits++;
            } else if (c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                numberValid = false; // negative or fractional: not a count
            } else {
                if (numberField != FieldTable.NONE && numberValid && digits > 0) target.number(numberField, number);
                afterValue();
                return i; // the byte after the number is structural
            }
            i++;
        }
        return i;
    }

    private int literal(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c < 'a' || c > 'z') {
                if (FieldTable.isBoolean(literalField) && literalFirst != 'n') target.bool(literalField, literalFirst == 't');
                afterValue();
                return i;
            }
            i++;
        }
        return i;
    }

    private void open(boolean array) {
        if (depth == MAX_DEPTH) {
            tooDeep = true;
            state = FAILED;
            return;
        }
        boolean event = !array && (depth == 0 || depth == 1 && isArray(1));
        depth++;
        if (depth >>> 6 == arrays.length) arrays = Arrays.copyOf(arrays, MAX_DEPTH / 64 + 1);
        long bit = 1L << (depth & 63);
        arrays[depth >>> 6] = array ? arrays[depth >>> 6] | bit : arrays[depth >>> 6] & ~bit;
        if (event) eventDepth = depth;
        if (array && depth < CODE_LEVELS) codes[depth] = FieldTable.child(parentCode(depth), KeyDictionary.ARRAY);
        state = array ? FIRST_VALUE : FIRST_KEY;
    }

    private void close() {
        boolean event = depth == eventDepth;
        depth--;
        if (event) {
            eventDepth = 0;
            target.eventClosed();
        }
        afterValue();
    }

    private void afterValue() {
        state = depth == 0 ? DONE : AFTER_VALUE;
    }

    private boolean isArray(int d) {
        return (arrays[d >>> 6] & 1L << (d & 63)) != 0;
    }

    /** The path of the value being read at the current depth. */
    private int valueCode() {
        return depth > 0 && depth < CODE_LEVELS ? codes[depth] : FieldTable.NO_PATH;
    }

    /** The path of the container at depth d itself: the event object is the root; above it there is none. */
    private int parentCode(int d) {
        if (d == eventDepth) return FieldTable.ROOT;
        if (eventDepth == 0 || d < eventDepth || d - 1 >= CODE_LEVELS) return FieldTable.NO_PATH;
        return codes[d - 1];
    }
}
