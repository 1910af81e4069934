package piapi.proxy;

import java.net.http.HttpHeaders;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads how long an upstream asks us to stay away: {@code retry-after-ms} (OpenAI; milliseconds, may be
 * fractional) when present, else {@code Retry-After} as delta-seconds or an HTTP-date. The caller caps it.
 */
final class RetryAfter {
    /** Far beyond any cap; keeps arithmetic away from overflow. */
    private static final long LIMIT_MILLIS = 365L * 24 * 3600 * 1000;

    private RetryAfter() {}

    /** Milliseconds to wait from {@code nowMillis}, 0 for a date in the past, or -1 when absent or unreadable. */
    static long millis(HttpHeaders headers, long nowMillis) {
        String ms = headers.firstValue("retry-after-ms").orElse(null);
        if (ms != null) {
            long v = number(ms, 1);
            if (v >= 0) return v;
        }
        String value = headers.firstValue("retry-after").orElse(null);
        return value == null ? -1 : parse(value, nowMillis);
    }

    static long parse(String value, long nowMillis) {
        String v = value.strip();
        if (v.isEmpty()) return -1;
        if (Character.isDigit(v.charAt(0)) || v.charAt(0) == '.') return number(v, 1000);
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.min(LIMIT_MILLIS, Math.max(0, at - nowMillis));
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** A non-negative decimal times {@code unitMillis}, or -1. */
    private static long number(String text, long unitMillis) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 20) return -1;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.') return -1;
        }
        try {
            double v = Double.parseDouble(t) * unitMillis;
            return (long) Math.min(LIMIT_MILLIS, Math.ceil(v));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
