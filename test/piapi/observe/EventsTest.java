package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.config.Secret;
import piapi.support.LogCapture;
import piapi.support.TestClock;

/** Lifecycle events: typed fields, redaction, levels, both formats. */
class EventsTest {
    final LogCapture out = new LogCapture();
    final LogSink sink = new LogSink(out, 100);
    final TestClock clock = new TestClock();

    @AfterEach
    void close() {
        sink.close();
    }

    @Test
    void jsonFieldsAreWrittenByType() {
        Events events = new Events(sink, LogLevel.INFO, LogFormat.JSON, clock);
        events.warn("upstream_unhealthy", "provider", "alpha", "key_name", "main", "failures", 3, "ratio", 0.5, "cooldown",
                Duration.ofMillis(1500), "open", true, "tags", List.of("a", "b"), "url", URI.create("https://h/v1?key=sk-1"),
                "error", new IOException("GET https://h/v1?key=sk-1 failed"), "key", Secret.of("sk-2"), "nothing", null);
        sink.close();
        assertEquals("{\"time\":\"2026-01-01T00:00:00Z\",\"level\":\"warn\",\"event\":\"upstream_unhealthy\",\"provider\":\"alpha\","
                + "\"key_name\":\"main\",\"failures\":3,\"ratio\":0.5,\"cooldown\":1.5,\"open\":true,\"tags\":[\"a\",\"b\"],"
                + "\"url\":\"https://h/v1?key=***\",\"error\":\"java.io.IOException: GET https://h/v1?key=*** failed\","
                + "\"key\":\"***\",\"nothing\":null}\n", out.text());
    }

    @Test
    void textIsOneReadableLine() {
        Events events = new Events(sink, LogLevel.INFO, LogFormat.TEXT, clock);
        events.info("config_reloaded", "generation", 2L, "file", "/etc/piapi/config.yaml", "took", Duration.ofMillis(12),
                "message", "two words", "tags", List.of("x", "y"));
        sink.close();
        assertEquals("2026-01-01T00:00:00Z INFO  config_reloaded generation=2 file=/etc/piapi/config.yaml took=12.0ms "
                + "message=\"two words\" tags=x,y\n", out.text());
    }

    @Test
    void linesBelowTheLevelAreNotWritten() {
        Events events = new Events(sink, LogLevel.WARN, LogFormat.JSON, clock);
        events.debug("a");
        events.info("b");
        events.warn("c");
        events.error("d");
        assertTrue(events.enabled(LogLevel.ERROR));
        assertTrue(!events.enabled(LogLevel.INFO));
        sink.close();
        List<Map<String, Object>> lines = out.lines();
        assertEquals(List.of("c", "d"), lines.stream().map(l -> l.get("event")).toList());
    }

    @Test
    void aValueCannotBreakTheLine() {
        Events events = new Events(sink, LogLevel.INFO, LogFormat.TEXT, clock);
        events.info("x", "message", "line one\nline two \"quoted\"");
        sink.close();
        assertEquals("2026-01-01T00:00:00Z INFO  x message=\"line one\\nline two \\\"quoted\\\"\"\n", out.text());
    }
}
