package piapi.usage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The decoded UTF-8 bytes of one JSON string being read, kept up to a fixed capacity: keys and the few values
 * usage needs (a model id, an event type). JSON escapes are decoded, {@code \}{@code uXXXX} surrogate pairs
 * included; bytes past the capacity are counted, not kept, so a hostile value costs no memory.
 */
final class CaptureBuffer {
    private static final int PLAIN = 0;
    private static final int AFTER_BACKSLASH = 1;
    private static final int HEX_DIGITS = 2; // 2..5: reading the 1st..4th hex digit of a \\u escape
    private static final int REPLACEMENT = 0xFFFD;
    /** The first allocation: room for every key usage reads and most model ids, so most buffers never grow. */
    static final int FIRST_BYTES = 32;
    private static final byte[] NONE = {};

    private final int capacity;
    /** Allocated on the first byte kept and doubled as needed, never past the capacity: a meter that reads nothing, or only short keys, costs no buffer or a small one. */
    private byte[] bytes = NONE;
    private int length;
    private boolean overflow;
    private int escape;
    private int hex;
    private int highSurrogate;

    CaptureBuffer(int capacity) {
        this.capacity = capacity;
    }

    void reset() {
        length = 0;
        overflow = false;
        escape = PLAIN;
        hex = 0;
        highSurrogate = 0;
    }

    /** Whether the next byte follows a backslash, so a '"' would not end the string. */
    boolean inEscape() {
        return escape == AFTER_BACKSLASH;
    }

    /** One byte of the string's source text (the closing quote excluded). */
    void add(byte b) {
        switch (escape) {
            case PLAIN -> {
                if (b == '\\') {
                    escape = AFTER_BACKSLASH;
                } else {
                    flushSurrogate();
                    append(b);
                }
            }
            case AFTER_BACKSLASH -> escaped(b);
            default -> hexDigit(b);
        }
    }

    /** Whether a \\uXXXX escape is being read (its hex digits are not plain text). */
    boolean inHexEscape() {
        return escape >= HEX_DIGITS;
    }

    /** Bytes copied as they are, up to the capacity: a run without backslashes, or text that has no escapes (an SSE field value). */
    void addPlain(byte[] b, int from, int to) {
        if (from == to) return;
        flushSurrogate();
        int n = Math.min(to - from, capacity - length);
        room(length + n);
        System.arraycopy(b, from, bytes, length, n);
        length += n;
        if (n < to - from) overflow = true;
    }

    private void escaped(byte b) {
        escape = PLAIN;
        if (b == 'u') {
            escape = HEX_DIGITS;
            hex = 0;
            return;
        }
        flushSurrogate();
        append(switch (b) {
            case 'b' -> (byte) '\b';
            case 'f' -> (byte) '\f';
            case 'n' -> (byte) '\n';
            case 'r' -> (byte) '\r';
            case 't' -> (byte) '\t';
            default -> b; // '"', '\\', '/', and anything invalid kept as written
        });
    }

    private void hexDigit(byte b) {
        int digit = Character.digit(b, 16);
        if (digit < 0) { // not a valid escape: keep what the text says, decoded as far as it goes
            escape = PLAIN;
            codePoint(REPLACEMENT);
            add(b);
            return;
        }
        hex = hex << 4 | digit;
        if (++escape == HEX_DIGITS + 4) {
            escape = PLAIN;
            codeUnit(hex);
        }
    }

    private void codeUnit(int unit) {
        if (Character.isHighSurrogate((char) unit)) {
            flushSurrogate();
            highSurrogate = unit;
        } else if (Character.isLowSurrogate((char) unit)) {
            int high = highSurrogate;
            highSurrogate = 0;
            codePoint(high == 0 ? REPLACEMENT : Character.toCodePoint((char) high, (char) unit));
        } else {
            flushSurrogate();
            codePoint(unit);
        }
    }

    /** A high surrogate not followed by a low one stands for nothing: it becomes U+FFFD. */
    private void flushSurrogate() {
        if (highSurrogate != 0) {
            highSurrogate = 0;
            codePoint(REPLACEMENT);
        }
    }

    private void codePoint(int cp) {
        if (cp < 0x80) {
            append((byte) cp);
        } else if (cp < 0x800) {
            append((byte) (0xC0 | cp >> 6));
            append((byte) (0x80 | cp & 0x3F));
        } else if (cp < 0x10000) {
            append((byte) (0xE0 | cp >> 12));
            append((byte) (0x80 | cp >> 6 & 0x3F));
            append((byte) (0x80 | cp & 0x3F));
        } else {
            append((byte) (0xF0 | cp >> 18));
            append((byte) (0x80 | cp >> 12 & 0x3F));
            append((byte) (0x80 | cp >> 6 & 0x3F));
            append((byte) (0x80 | cp & 0x3F));
        }
    }

    private void append(byte b) {
        if (length < bytes.length) {
            bytes[length++] = b;
        } else if (length < capacity) {
            room(length + 1);
            bytes[length++] = b;
        } else {
            overflow = true;
        }
    }

    /** Grows the array to hold {@code need} bytes ({@code need <= capacity}). */
    private void room(int need) {
        if (need <= bytes.length) return;
        bytes = Arrays.copyOf(bytes, Math.min(capacity, Math.max(need, Math.max(FIRST_BYTES, bytes.length * 2))));
    }

    /** Bytes allocated so far (at most the capacity): for the test of the bound. */
    int allocated() {
        return bytes.length;
    }

    /** Call when the closing quote arrived: settles a dangling surrogate. */
    void end() {
        if (escape != PLAIN) {
            escape = PLAIN;
            codePoint(REPLACEMENT);
        }
        flushSurrogate();
    }

    /** Whether the string was longer than the capacity (its kept prefix is then not the value). */
    boolean overflow() {
        return overflow;
    }

    int length() {
        return length;
    }

    byte at(int i) {
        return bytes[i];
    }

    /** Whether the captured text is exactly this ASCII constant. */
    boolean is(byte[] ascii) {
        if (overflow || length != ascii.length) return false;
        for (int i = 0; i < length; i++) {
            if (bytes[i] != ascii[i]) return false;
        }
        return true;
    }

    /** The text as a String: built only for the few values that are kept (a model id), never per byte. */
    String text() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
