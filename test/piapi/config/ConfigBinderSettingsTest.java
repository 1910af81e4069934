package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piapi.config.ConfigTestSupport.NO_USERS;
import static piapi.config.ConfigTestSupport.assertLoads;
import static piapi.config.ConfigTestSupport.assertProblems;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** piapi's optional {@code timeouts} and {@code limits} sections. */
class ConfigBinderSettingsTest {

    @Test
    void absentSectionsTakeTheDefaults() {
        Settings settings = assertLoads("providers: []\n", NO_USERS).settings();
        assertEquals(Duration.ofSeconds(10), settings.timeouts().connect());
        assertEquals(Duration.ofSeconds(600), settings.timeouts().firstByte());
        assertEquals(Duration.ofSeconds(600), settings.timeouts().idle());
        assertEquals(32L * 1024 * 1024, settings.limits().maxRequestBodyBytes());
        assertEquals(settings, Settings.DEFAULTS);
    }

    @Test
    void emptySectionsAndNullValuesTakeTheDefaults() {
        Settings settings = assertLoads("timeouts: {}\nlimits:\n  maxRequestBody: ~\n", NO_USERS).settings();
        assertEquals(Settings.DEFAULTS, settings);
        assertEquals(Settings.DEFAULTS, assertLoads("timeouts:\nlimits:\n", NO_USERS).settings());
    }

    @Test
    void eachTimeoutIsReadOnItsOwn() {
        Timeouts t = assertLoads("timeouts:\n  connect: 250ms\n", NO_USERS).settings().timeouts();
        assertEquals(new Timeouts(Duration.ofMillis(250), Duration.ofSeconds(600), Duration.ofSeconds(600)), t);
        t = assertLoads("timeouts: {connect: 1.5s, firstByte: 2h, idle: 1m30s}\n", NO_USERS).settings().timeouts();
        assertEquals(new Timeouts(Duration.ofMillis(1500), Duration.ofHours(2), Duration.ofSeconds(90)), t);
    }

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "1m30s, PT1M30S", "1.5s, PT1.5S", "2h, PT2H", "'\"45s\"', PT45S"})
    void durationsUseGoSyntax(String written, Duration expected) {
        assertEquals(expected, assertLoads("timeouts: {idle: " + written + "}\n", NO_USERS).settings().timeouts().idle());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "abc", "0s", "-1s", "1 s", "10S", "1d", "'\"\"'", "5ns", "1.s5"})
    void badDurationsArePositionedErrors(String written) {
        String shown = written.equals("'\"\"'") ? "" : written;
        String yaml = "timeouts:\n  firstByte: " + (written.equals("'\"\"'") ? "\"\"" : written) + "\n";
        assertProblems(yaml, "config.yaml:2:14: timeouts.firstByte: '" + shown + "' is not a positive duration; write e.g. 10s, 1m30s or 250ms");
    }

    @ParameterizedTest
    @CsvSource({"1024, 1024", "1KiB, 1024", "32MiB, 33554432", "1GB, 1000000000", "2kb, 2000", "1GiB, 1073741824", "512B, 512"})
    void sizesAreBytesOrAUnit(String written, long expected) {
        assertEquals(expected, assertLoads("limits:\n  maxRequestBody: " + written + "\n", NO_USERS).settings().limits().maxRequestBodyBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5MiB", "12XB", "MiB", "1TB", "lots", "99999999999999999999"})
    void badSizesArePositionedErrors(String written) {
        assertProblems("limits:\n  maxRequestBody: " + written + "\n",
                "config.yaml:2:19: limits.maxRequestBody: '" + written + "' is not a size; write bytes or a unit, e.g. 32MiB");
    }

    @Test
    void wrongTypesAndUnknownKeysInTheSections() {
        assertProblems("""
                timeouts: 5
                limits:
                  maxRequestBody: [1]
                  maxRequestBytes: 1MiB
                """,
                "config.yaml:1:11: timeouts: must be a mapping (key: value lines), not a single value",
                "config.yaml:3:19: limits.maxRequestBody: must be a single value, not a list",
                "config.yaml:4:3: warning: limits.maxRequestBytes: unknown key, ignored (did you mean 'maxRequestBody'?)");
        assertLoads("timeouts: {conect: 1s, read: 5s}\n",
                NO_USERS,
                "config.yaml:1:12: warning: timeouts.conect: unknown key, ignored (did you mean 'connect'?)",
                "config.yaml:1:24: warning: timeouts.read: unknown key, ignored");
    }

    @ParameterizedTest
    @CsvSource({"25%, -1, 25", "12.5%, -1, 12.5", "0%, -1, 0", "90%, -1, 90", "64MiB, 67108864, 0", "0, 0, 0", "1024, 1024, 0"})
    void requestBodyMemoryIsAShareOfTheHeapOrASize(String written, long bytes, double percent) {
        MemoryShare m = assertLoads("limits:\n  requestBodyMemory: " + written + "\n", NO_USERS).settings().limits().requestBodyMemory();
        assertEquals(new MemoryShare(bytes, percent), m);
        assertEquals(written, m.toString().equals("67108864") ? "64MiB" : m.toString());
    }

    @Test
    void requestBodyMemoryResolvesAgainstTheMaximumHeap() {
        assertEquals(64L << 20, MemoryShare.ofPercent(25).resolve(256L << 20));
        assertEquals(1000, MemoryShare.ofBytes(1000).resolve(256L << 20));
        assertEquals(MemoryShare.ofPercent(25), Settings.DEFAULTS.limits().requestBodyMemory());
    }

    @ParameterizedTest
    @ValueSource(strings = {"91%", "-1%", "a%", "1.%", "lots", "-5", "12XB", "25 %"})
    void badRequestBodyMemoryIsAPositionedError(String written) {
        assertProblems("limits:\n  requestBodyMemory: " + written + "\n", "config.yaml:2:22: limits.requestBodyMemory: '" + written
                + "' is not a memory budget; write a share of the maximum heap from 0% to 90% (e.g. 25%) or a size (e.g. 64MiB)");
    }

    @ParameterizedTest
    @CsvSource({"5s, PT5S", "250ms, PT0.25S", "100ms, PT0.1S", "0s, PT0S", "0, PT0S", "1m, PT1M"})
    void theHeartbeatIsADurationOrZeroForNone(String written, Duration expected) {
        assertEquals(expected, assertLoads("timeouts: {heartbeat: " + written + "}\n", NO_USERS).settings().timeouts().heartbeat());
        assertEquals(Duration.ofSeconds(5), Settings.DEFAULTS.timeouts().heartbeat());
    }

    @ParameterizedTest
    @ValueSource(strings = {"99ms", "1ms", "-1s", "often", "5"})
    void badHeartbeatsArePositionedErrors(String written) {
        assertProblems("timeouts:\n  heartbeat: " + written + "\n", "config.yaml:2:14: timeouts.heartbeat: '" + written
                + "' is not a heartbeat; write a duration of at least 100ms (e.g. 5s), or 0s to turn heartbeats off");
    }
}
