package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional {@code shutdown} section: its default, its values, and its errors with their position. */
class ShutdownSettingsTest {
    static final String BASE = """
            providers:
              - name: p
                apiKeys: { k: sk-1 }
                services: [{ type: codex, baseUrl: "http://127.0.0.1:1" }]
            users:
              - { name: a, apiKey: key-a, services: { codex: { providerName: p, providerKeyName: k } } }
            """;

    static ParsedConfig load(String extra) {
        return new ConfigLoader(Map.of()).parse((BASE + extra).getBytes(StandardCharsets.UTF_8), "config.yaml");
    }

    static Duration grace(String extra) {
        ParsedConfig.Loaded loaded = assertInstanceOf(ParsedConfig.Loaded.class, load(extra), () -> load(extra).problems().toString());
        return loaded.config().settings().shutdown().grace();
    }

    @Test
    void defaultsToThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), grace(""));
    }

    @Test
    void takesADurationAndZeroMeansStopAtOnce() {
        assertEquals(Duration.ofSeconds(90), grace("shutdown:\n  grace: 1m30s\n"));
        assertEquals(Duration.ZERO, grace("shutdown: { grace: 0s }\n"));
    }

    @Test
    void aBadValueIsAnErrorWithItsPosition() {
        ParsedConfig r = load("shutdown:\n  grace: soon\n");
        assertInstanceOf(ParsedConfig.Invalid.class, r);
        assertEquals("config.yaml:8:10: shutdown.grace: 'soon' is not a duration; write e.g. 30s, 2m or 0s", r.problems().get(0).toString());
    }

    @Test
    void anUnknownKeyIsAWarningWithASuggestion() {
        ParsedConfig r = load("shutdown:\n  graec: 5s\n");
        assertEquals("config.yaml:8:3: warning: shutdown.graec: unknown key, ignored (did you mean 'grace'?)", r.problems().get(0).toString());
    }
}
