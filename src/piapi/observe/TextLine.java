package piapi.observe;

import java.time.Instant;
import piapi.http.JsonWriter;

/**
 * Builds one line of the {@code text} log format: {@code TIME LEVEL words key=value ...}. A value that
 * is empty or holds a space, quote, {@code =} or control character is written as a JSON string, so a
 * line is always one line and always splits back into its fields.
 */
final class TextLine {
    private final StringBuilder out = new StringBuilder(160);

    TextLine(Instant time, LogLevel level) {
        out.append(time).append(' ').append(level.name());
        for (int i = level.name().length(); i < 5; i++) out.append(' ');
    }

    /** A bare word (an event name, a method, a status); quoted only when it needs to be. */
    TextLine word(String word) {
        value(out.append(' '), word);
        return this;
    }

    TextLine field(String name, String value) {
        value(out.append(' ').append(name).append('='), value);
        return this;
    }

    TextLine field(String name, long value) {
        out.append(' ').append(name).append('=').append(value);
        return this;
    }

    /** A duration given in nanoseconds, as {@code 12.3ms} or {@code 4.567s}. */
    TextLine duration(String name, long nanos) {
        out.append(' ').append(name).append('=');
        appendDuration(out, nanos);
        return this;
    }

    /** A byte count, as {@code 512B}, {@code 1.5KiB}, {@code 3.2MiB}. */
    TextLine bytes(String name, long n) {
        out.append(' ').append(name).append('=');
        if (n < 1024) out.append(n).append('B');
        else if (n < 1L << 20) out.append(oneDecimal(n / 1024.0)).append("KiB");
        else if (n < 1L << 30) out.append(oneDecimal(n / 1048576.0)).append("MiB");
        else out.append(oneDecimal(n / 1073741824.0)).append("GiB");
        return this;
    }

    static void appendDuration(StringBuilder out, long nanos) {
        if (nanos < 1_000_000_000L) out.append(oneDecimal(nanos / 1e6)).append("ms");
        else out.append(Math.round(nanos / 1e6) / 1000.0).append('s');
    }

    private static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return (tenths / 10) + "." + (tenths % 10);
    }

    static void value(StringBuilder out, String v) {
        if (v == null || needsQuotes(v)) JsonWriter.quote(out, v == null ? "" : v);
        else out.append(v);
    }

    private static boolean needsQuotes(String v) {
        if (v.isEmpty()) return true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f || Character.isISOControl(c)
                    || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
