package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retry-After in its forms, and OpenAI's retry-after-ms. */
class RetryAfterTest {
    static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    static long of(String... nameValues) {
        java.util.Map<String, List<String>> m = new java.util.HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) m.put(nameValues[i], List.of(nameValues[i + 1]));
        return RetryAfter.millis(HttpHeaders.of(m, (a, b) -> true), NOW);
    }

    @Test
    void secondsAndFractions() {
        assertEquals(30_000, of("Retry-After", "30"));
        assertEquals(1_500, of("retry-after", " 1.5 "));
        assertEquals(0, of("Retry-After", "0"));
    }

    @Test
    void httpDate() {
        assertEquals(90_000, of("Retry-After", "Thu, 01 Jan 2026 00:01:30 GMT"));
        assertEquals(0, of("Retry-After", "Wed, 31 Dec 2025 23:59:00 GMT"), "a date in the past: no wait");
    }

    @Test
    void millisecondsHeaderWins() {
        assertEquals(250, of("retry-after-ms", "250", "Retry-After", "30"));
        assertEquals(1, of("retry-after-ms", "0.4"), "rounded up");
        assertEquals(30_000, of("retry-after-ms", "soon", "Retry-After", "30"), "an unreadable ms header falls back");
    }

    @Test
    void absentOrUnreadable() {
        assertEquals(-1, of());
        assertEquals(-1, of("Retry-After", "later"));
        assertEquals(-1, of("Retry-After", "-5"));
        assertEquals(-1, of("Retry-After", ""));
        assertEquals(365L * 24 * 3600 * 1000, of("Retry-After", "99999999999999"), "absurd values are bounded (and capped by health)");
    }
}
