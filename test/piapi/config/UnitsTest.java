package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void durationsInEveryUnitAndCombined() {
        assertEquals(Duration.ofMillis(250), Units.duration("250ms"));
        assertEquals(Duration.ofSeconds(10), Units.duration("10s"));
        assertEquals(Duration.ofMinutes(5), Units.duration("5m"));
        assertEquals(Duration.ofHours(2), Units.duration("2h"));
        assertEquals(Duration.ofSeconds(90), Units.duration("1m30s"));
        assertEquals(Duration.ofSeconds(3723).plusMillis(4), Units.duration("1h2m3s4ms"));
        assertEquals(Duration.ofMillis(1500), Units.duration("1.5s"));
        assertEquals(Duration.ofMillis(500), Units.duration(".5s"));
        assertEquals(Duration.ofNanos(1_500_000), Units.duration("1.5ms"));
        assertEquals(Duration.ZERO, Units.duration("0s"), "zero parses; the binder rejects it as not positive");
    }

    @Test
    void malformedDurationsAreNull() {
        for (String bad : new String[] {null, "", "10", "s", "abc", "-1s", "+1s", "1 s", "1S", "1d", "1us", "5ns", "1..5s", "1.2.3s", "1s ",
                "1m30", "ms10", "9999999999999h", "0.0000000001ms"}) {
            assertNull(Units.duration(bad), () -> "'" + bad + "'");
        }
    }

    @Test
    void sizesWithAndWithoutUnits() {
        assertEquals(1024, Units.size("1024"));
        assertEquals(0, Units.size("0"), "zero parses; the binder rejects it");
        assertEquals(7, Units.size("7B"));
        assertEquals(1_000, Units.size("1KB"));
        assertEquals(1_024, Units.size("1KiB"));
        assertEquals(32L << 20, Units.size("32MiB"));
        assertEquals(5_000_000, Units.size("5MB"));
        assertEquals(1_000_000_000, Units.size("1GB"));
        assertEquals(3L << 30, Units.size("3GiB"));
        assertEquals(2L << 20, Units.size("2 mib"), "units ignore case and a space before them");
    }

    @Test
    void malformedSizesAreMinusOne() {
        for (String bad : new String[] {null, "", "MiB", "-1", "+1", "1.5MiB", "1TB", "1 2", "12XB", "1MiBs", "0x10",
                "1234567890123456789", "9999999999999999GiB"}) {
            assertEquals(-1, Units.size(bad), () -> "'" + bad + "'");
        }
        assertEquals(123456789012345678L, Units.size("123456789012345678"), "18 digits still fit");
    }
}
