package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The routing: section: defaults, every key, and each problem with its position and path. */
class RoutingSettingsBinderTest {
    static final String BASE = """
            providers:
              - name: p
                apiKeys: { k: sk-test-0000000001 }
                services: [ { type: svc, baseUrl: "http://127.0.0.1:9" } ]
            users:
              - name: u
                apiKey: piapi-user-key-1
                services: { svc: { providerName: p, providerKeyName: k } }
            """;

    static ParsedConfig load(String routing, Map<String, String> env) {
        return new ConfigLoader(env).parse((BASE + routing).getBytes(StandardCharsets.UTF_8), "config.yaml");
    }

    static RoutingSettings settings(String routing) {
        ParsedConfig r = load(routing, Map.of());
        if (!(r instanceof ParsedConfig.Loaded l)) throw new AssertionError(r.problems().toString());
        return l.config().settings().routing();
    }

    static List<String> problems(String routing) {
        return load(routing, Map.of()).problems().stream().map(Problem::toString).toList();
    }

    @Test
    void absentSectionGivesTheDefaults() {
        RoutingSettings s = settings("");
        assertEquals(RoutingSettings.DEFAULTS, s);
        assertEquals(3, s.maxAttempts());
        assertTrue(s.retryOn().connect() && s.retryOn().reset() && s.retryOn().timeout());
        assertEquals(Set.of(401, 403, 429, 500, 502, 503, 504, 529), s.retryOn().statuses());
        assertTrue(s.sessionAffinity());
    }

    @Test
    void everyKeyIsRead() {
        RoutingSettings s = settings("""
                routing:
                  maxAttempts: 2
                  failoverWindow: 15s
                  retryOn: [connect, 503, 529]
                  cooldown: 2s
                  maxCooldown: 1m
                  authCooldown: 30m
                  adaptiveHalfLife: 90s
                  adaptiveFloor: 0.25
                  sessionAffinity: off
                  affinityTtl: 20m
                  affinityMaxSessions: 500
                """);
        assertEquals(new RoutingSettings(2, Duration.ofSeconds(15), new RetryOn(true, false, false, Set.of(503, 529)),
                Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofSeconds(90), 0.25,
                false, Duration.ofMinutes(20), 500), s);
        assertFalse(s.retryOn().status(429));
        assertTrue(s.retryOn().status(503));
    }

    @Test
    void anEmptyRetryListTurnsFailoverOff() {
        RetryOn r = settings("routing: { retryOn: [] }").retryOn();
        assertFalse(r.connect() || r.reset() || r.timeout() || r.status(503));
    }

    @Test
    void statusesThatBlameTheRequestAreRefused() {
        assertEquals(List.of("config.yaml:9:31: routing.retryOn[1]: 400 is never retried: the request itself was refused, "
                        + "another candidate would refuse it too"),
                problems("routing: { retryOn: [connect, 400, 503] }\n"));
        assertEquals(List.of("config.yaml:9:22: routing.retryOn[0]: 'sometimes' is not a retryable failure; "
                + "use connect, reset, timeout or a status 400-599"), problems("routing: { retryOn: [sometimes] }\n"));
        assertEquals(List.of("config.yaml:9:22: routing.retryOn[0]: '200' is not a retryable failure; "
                + "use connect, reset, timeout or a status 400-599"), problems("routing: { retryOn: [200] }\n"));
        assertEquals(List.of("config.yaml:9:21: routing.retryOn: must be a list, e.g. [connect, reset, timeout, 429, 503]"),
                problems("routing: { retryOn: 503 }\n"));
    }

    @Test
    void badValuesAreReportedWithTheirPositions() {
        assertEquals(List.of(
                "config.yaml:10:16: routing.maxAttempts: must be a whole number from 1 to 20, not '0'",
                "config.yaml:11:13: routing.cooldown: 'soon' is not a positive duration; write e.g. 10s, 1m30s or 250ms",
                "config.yaml:12:18: routing.adaptiveFloor: must be a number between 0 and 1 (exclusive), e.g. 0.1",
                "config.yaml:13:20: routing.sessionAffinity: must be true or false (yes/no and on/off also work)",
                "config.yaml:14:3: warning: routing.maxAttemps: unknown key, ignored (did you mean 'maxAttempts'?)"),
                problems("""
                        routing:
                          maxAttempts: 0
                          cooldown: soon
                          adaptiveFloor: 1
                          sessionAffinity: maybe
                          maxAttemps: 2
                        """));
    }

    @Test
    void theGoVersionsEnvironmentTuningIsHonouredAsDefaults() {
        ParsedConfig r = load("", Map.of("PIAPI_ADAPTIVE_HALFLIFE", "2m", "PIAPI_ADAPTIVE_QUALITY_FLOOR", "0.3"));
        RoutingSettings s = ((ParsedConfig.Loaded) r).config().settings().routing();
        assertEquals(Duration.ofMinutes(2), s.adaptiveHalfLife());
        assertEquals(0.3, s.adaptiveFloor());
        RoutingSettings fromFile = ((ParsedConfig.Loaded) load("routing: { adaptiveFloor: 0.5 }\n",
                Map.of("PIAPI_ADAPTIVE_QUALITY_FLOOR", "0.3"))).config().settings().routing();
        assertEquals(0.5, fromFile.adaptiveFloor(), "the file wins over the environment");
        ParsedConfig bad = load("", Map.of("PIAPI_ADAPTIVE_QUALITY_FLOOR", "2"));
        assertTrue(bad instanceof ParsedConfig.Loaded, "a bad variable is a warning, as Go ignored it");
        assertEquals(List.of("config.yaml: warning: routing.adaptiveFloor: PIAPI_ADAPTIVE_QUALITY_FLOOR='2' is not between 0 and 1; ignored"),
                bad.problems().stream().map(Problem::toString).toList());
    }
}
