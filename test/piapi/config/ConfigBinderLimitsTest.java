package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.config.ConfigTestSupport.ALPHA;
import static piapi.config.ConfigTestSupport.NO_USERS;
import static piapi.config.ConfigTestSupport.assertLoads;
import static piapi.config.ConfigTestSupport.assertProblems;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code limits.timezone}, {@code limits.default} and {@code users[].limits}. */
class ConfigBinderLimitsTest {
    static final long USD = 1_000_000_000L;

    /** {@code limits} text, then ALPHA, then users alice and bob; {@code aliceLimits} goes under alice's {@code limits:}. */
    static String users(String limits, String aliceLimits) {
        return limits + ALPHA + """
                users:
                  - name: alice
                    apiKey: key-a
                    services:
                      codex: {providerName: alpha, providerKeyName: k1}
                    limits:
                """ + aliceLimits.indent(6) + """
                  - name: bob
                    apiKey: key-b
                    services:
                      codex: {providerName: alpha, providerKeyName: k1}
                """;
    }

    static ResolvedUser resolved(GatewayConfig config, String name) {
        ConfigSnapshot s = new ConfigSnapshot(config, 1, "", java.time.Instant.EPOCH, null, List.of());
        return s.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void withoutLimitsNothingIsLimitedAndDaysAreUtc() {
        GatewayConfig c = assertLoads(users("", "{}"));
        assertEquals(ZoneId.of("UTC"), c.settings().limits().timezone());
        assertEquals(UserLimits.UNSET_ALL, c.settings().limits().defaults());
        assertTrue(resolved(c, "alice").limits().unlimited());
        assertEquals(Duration.ZERO, resolved(c, "alice").limits().queueFor());
    }

    @Test
    void everyFieldOfTheDefault() {
        GatewayConfig c = assertLoads("""
                limits:
                  timezone: Europe/Berlin
                  default:
                    requestsPerMinute: 60
                    concurrent: 4
                    queueFor: 10s
                    tokensPerDay: 5000000
                    requestsPerDay: 2000
                    costPerDay: 20
                    costPerMonth: 300.5
                    modelCaps:
                      - { models: [claude-opus-*, o3], costPerDay: 5, costPerMonth: $50 }
                """, NO_USERS);
        Limits l = c.settings().limits();
        assertEquals(ZoneId.of("Europe/Berlin"), l.timezone());
        assertEquals(new UserLimits(60, 4, Duration.ofSeconds(10), 5_000_000, 2000, 20 * USD, 300 * USD + USD / 2,
                List.of(new ModelCap(List.of("claude-opus-*", "o3"), 5 * USD, 50 * USD))), l.defaults());
    }

    @Test
    void aUserOverridesTheDefaultFieldByField() {
        GatewayConfig c = assertLoads(users("""
                limits:
                  default: {requestsPerMinute: 60, concurrent: 4, costPerDay: 20, modelCaps: [{models: [o3], costPerDay: 1}]}
                """, "{requestsPerMinute: 30, costPerDay: none, tokensPerDay: 1000}"));
        UserLimits alice = resolved(c, "alice").limits();
        assertEquals(30, alice.requestsPerMinute(), "her own");
        assertEquals(4, alice.concurrent(), "the default's");
        assertEquals(UserLimits.UNLIMITED, alice.costPerDayNanos(), "none removes the default's cap");
        assertEquals(1000, alice.tokensPerDay(), "hers, where the default has none");
        assertEquals(UserLimits.UNLIMITED, alice.requestsPerDay(), "set nowhere: no limit");
        assertEquals(List.of(new ModelCap(List.of("o3"), USD, UserLimits.UNLIMITED)), alice.modelCaps());
        UserLimits bob = resolved(c, "bob").limits();
        assertEquals(60, bob.requestsPerMinute());
        assertEquals(20 * USD, bob.costPerDayNanos());
    }

    @Test
    void aUsersModelCapsReplaceTheDefaults() {
        GatewayConfig c = assertLoads(users("""
                limits:
                  default: {modelCaps: [{models: [o3], costPerDay: 1}]}
                """, "{modelCaps: []}"));
        assertEquals(List.of(), resolved(c, "alice").limits().modelCaps());
        assertEquals(1, resolved(c, "bob").limits().modelCaps().size());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "0.5, 500000000", "20, 20000000000", "$3, 3000000000", "0.000000001, 1", "1000000000, 1000000000000000000"})
    void costsAreExactNanoDollars(String written, long nanos) {
        GatewayConfig c = assertLoads("limits:\n  default:\n    costPerDay: " + written + "\n", NO_USERS);
        assertEquals(nanos, c.settings().limits().defaults().costPerDayNanos());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1e3", "0.0000000001", "twenty", "1,5", "1000000001", "$", "1.2.3"})
    void badCostsArePositionedErrors(String written) {
        assertProblems("limits:\n  default:\n    costPerMonth: " + written + "\n",
                "config.yaml:3:19: limits.default.costPerMonth: must be an amount in US dollars such as 20 or 0.50 (0 lets only free models through),"
                        + " or none for no limit, not '" + written + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1.5", "many", "9999999999999999999"})
    void badCountsArePositionedErrors(String written) {
        assertProblems("limits:\n  default:\n    requestsPerMinute: " + written + "\n",
                "config.yaml:3:24: limits.default.requestsPerMinute: must be a whole number from 1, or none for no limit, not '" + written + "'");
    }

    @Test
    void queueForIsZeroToFiveMinutes() {
        assertEquals(Duration.ZERO, assertLoads("limits: {default: {queueFor: 0s}}\n", NO_USERS).settings().limits().defaults().queueFor());
        assertEquals(Duration.ZERO, assertLoads("limits: {default: {queueFor: 0}}\n", NO_USERS).settings().limits().defaults().queueFor());
        assertEquals(Duration.ofMinutes(5), assertLoads("limits: {default: {queueFor: 5m}}\n", NO_USERS).settings().limits().defaults().queueFor());
        assertProblems("limits:\n  default:\n    queueFor: 6m\n",
                "config.yaml:3:15: limits.default.queueFor: must be a duration from 0s to 5m, e.g. 0s or 10s, not '6m'");
    }

    @Test
    void aBadTimezoneIsAPositionedError() {
        assertProblems("limits:\n  timezone: Mars/Olympus\n",
                "config.yaml:2:13: limits.timezone: 'Mars/Olympus' is not a time zone; write e.g. UTC, Europe/Berlin or America/New_York");
        assertEquals(ZoneId.of("+02:00"), assertLoads("limits: {timezone: '+02:00'}\n", NO_USERS).settings().limits().timezone());
    }

    @Test
    void modelCapsNeedModelsAndACap() {
        assertProblems("""
                limits:
                  default:
                    modelCaps:
                      - models: [claude-opus-*]
                      - costPerDay: 1
                      - { models: ["*"], costPerDay: 1 }
                      - { models: [a*b], costPerDay: 1 }
                      - { model: [x], costPerDay: 1 }
                """,
                "config.yaml:4:9: limits.default.modelCaps[0]: a model cap needs costPerDay, costPerMonth or both",
                "config.yaml:5:9: limits.default.modelCaps[1].models: list the models the cap covers, e.g. [claude-opus-*]",
                "config.yaml:6:20: limits.default.modelCaps[2].models[0]: must be a model id, or a prefix ending in * such as claude-opus-*"
                        + " (a cap on every model is costPerDay itself)",
                "config.yaml:7:20: limits.default.modelCaps[3].models[0]: must be a model id, or a prefix ending in * such as claude-opus-*"
                        + " (a cap on every model is costPerDay itself)",
                "config.yaml:8:9: limits.default.modelCaps[4].models: list the models the cap covers, e.g. [claude-opus-*]",
                "config.yaml:8:11: warning: limits.default.modelCaps[4].model: unknown key, ignored (did you mean 'models'?)");
    }

    @Test
    void modelPatternsAreIdsOrPrefixes() {
        ModelCap cap = new ModelCap(List.of("claude-opus-*", "o3"), 1, 1);
        assertTrue(cap.covers("claude-opus-4-1-20250805"));
        assertTrue(cap.covers("o3"));
        assertFalse(cap.covers("o3-mini"));
        assertFalse(cap.covers("claude-sonnet-4-5"));
        assertFalse(cap.covers(null));
        assertEquals("models:claude-opus-*,o3", cap.scope());
    }

    @Test
    void unknownKeysAreWarnedWithASuggestion() {
        assertLoads(users("""
                limits:
                  timezon: UTC
                  default: {requestPerMinute: 5}
                """, "{costPerDays: 1}"),
                "config.yaml:2:3: warning: limits.timezon: unknown key, ignored (did you mean 'timezone'?)",
                "config.yaml:3:13: warning: limits.default.requestPerMinute: unknown key, ignored (did you mean 'requestsPerMinute'?)",
                "config.yaml:18:8: warning: users[0].limits.costPerDays: unknown key, ignored (did you mean 'costPerDay'?)");
    }

    @Test
    void aUsersLimitsMustBeAMapping() {
        assertProblems(users("", "5"),
                "config.yaml:15:7: users[0].limits: must be a mapping (key: value lines), not a single value");
    }

    @Test
    void retentionDays() {
        assertEquals(90, assertLoads("providers: []\n", NO_USERS).settings().usage().retentionDays());
        assertEquals(0, assertLoads("usage: {retentionDays: 0}\n", NO_USERS).settings().usage().retentionDays());
        assertEquals(400, assertLoads("usage:\n  retentionDays: 400\n", NO_USERS).settings().usage().retentionDays());
        assertProblems("usage:\n  retentionDays: -1\n",
                "config.yaml:2:18: usage.retentionDays: must be a whole number of days from 0 (keep every file) to 9999, not '-1'");
        assertLoads("usage:\n  retentionDay: 5\n", NO_USERS,
                "config.yaml:2:3: warning: usage.retentionDay: unknown key, ignored (did you mean 'retentionDays'?)");
    }
}
