package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional {@code metrics} section. */
class MetricsSettingsTest {
    static final String BASE = """
            providers:
              - name: p
                apiKeys: { k: sk-1 }
                services: [ { type: codex, baseUrl: "https://x/v1" } ]
            users:
              - name: a
                apiKey: key-a
                services: { codex: { providerName: p, providerKeyName: k } }
            """;

    static ParsedConfig load(String extra) {
        return new ConfigLoader(Map.of()).parse((BASE + extra).getBytes(StandardCharsets.UTF_8), "c.yaml");
    }

    @Test
    void perUserIsOffUnlessSwitchedOn() {
        assertFalse(((ParsedConfig.Loaded) load("")).config().settings().metrics().perUser());
        assertTrue(((ParsedConfig.Loaded) load("metrics: { perUser: true }\n")).config().settings().metrics().perUser());
        assertFalse(((ParsedConfig.Loaded) load("metrics:\n  perUser: false\n")).config().settings().metrics().perUser());
        // the same YAML 1.1 words as every other boolean setting (candidates' enabled, routing.sessionAffinity)
        assertTrue(((ParsedConfig.Loaded) load("metrics: { perUser: yes }\n")).config().settings().metrics().perUser());
    }

    @Test
    void aWrongValueIsAnErrorWithItsPosition() {
        ParsedConfig r = load("metrics: { perUser: maybe }\n");
        assertEquals(List.of("c.yaml:9:21: metrics.perUser: must be true or false (yes/no and on/off also work)"),
                r.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void aTypoIsAWarning() {
        ParsedConfig r = load("metrics: { perUsr: true }\n");
        assertTrue(r instanceof ParsedConfig.Loaded);
        assertEquals(List.of("c.yaml:9:12: warning: metrics.perUsr: unknown key, ignored (did you mean 'perUser'?)"),
                r.problems().stream().map(Problem::toString).toList());
    }
}
