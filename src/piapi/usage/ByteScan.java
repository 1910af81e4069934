package piapi.usage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next byte that matters eight bytes at a time: a JSON string's quote or backslash, an SSE line's CR
 * or LF. Each 8-byte word is read as one long and tested for the wanted bytes with the classic "has zero byte"
 * arithmetic, so the long runs of text between them cost a fraction of a nanosecond per byte. The lowest match
 * in a word is always exact (the arithmetic's false positives sit only above a true one).
 */
final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
    private static final long CARRIAGE_RETURNS = 0x0D0D0D0D0D0D0D0DL;

    private ByteScan() {}

    /** The index of the first '"' or '\\' in {@code b[i, end)}, or {@code end}. */
    static int quoteOrBackslash(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            long found = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES);
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < end; i++) {
            if (b[i] == '"' || b[i] == '\\') return i;
        }
        return end;
    }

    /** The index of the first CR or LF in {@code b[i, end)}, or {@code end}. */
    static int lineEnd(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            long found = zeroBytes(w ^ LINE_FEEDS) | zeroBytes(w ^ CARRIAGE_RETURNS);
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < end; i++) {
            if (b[i] == '\n' || b[i] == '\r') return i;
        }
        return end;
    }

    /** The high bit of each byte of {@code x} that is zero (and possibly of bytes above the lowest zero one). */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGH_BITS;
    }
}
