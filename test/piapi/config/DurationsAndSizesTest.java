package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsAndSizesTest {

    @Test
    void durationsInEveryUnitAndCombined() {
        assertEquals(Duration.ofMillis(250), DurationsAndSizes.duration("250ms"));
        assertEquals(Duration.ofSeconds(10), DurationsAndSizes.duration("10s"));
        assertEquals(Duration.ofMinutes(5), DurationsAndSizes.duration("5m"));
        assertEquals(Duration.ofHours(2), DurationsAndSizes.duration("2h"));
        assertEquals(Duration.ofSeconds(90), DurationsAndSizes.duration("1m30s"));
        assertEquals(Duration.ofSeconds(3723).plusMillis(4), DurationsAndSizes.duration("1h2m3s4ms"));
        assertEquals(Duration.ofMillis(1500), DurationsAndSizes.duration("1.5s"));
        assertEquals(Duration.ofMillis(500), DurationsAndSizes.duration(".5s"));
        assertEquals(Duration.ofNanos(1_500_000), DurationsAndSizes.duration("1.5ms"));
        assertEquals(Duration.ZERO, DurationsAndSizes.duration("0s"), "zero parses; the binder rejects it as not positive");
    }

    @Test
    void malformedDurationsAreNull() {
        for (String bad : new String[] {null, "", "10", "s", "abc", "-1s", "+1s", "1 s", "1S", "1d", "1us", "5ns", "1..5s", "1.2.3s", "1s ",
                "1m30", "ms10", "9999999999999h", "0.0000000001ms"}) {
            assertNull(DurationsAndSizes.duration(bad), () -> "'" + bad + "'");
        }
    }

    @Test
    void sizesWithAndWithoutUnits() {
        assertEquals(1024, DurationsAndSizes.size("1024"));
        assertEquals(0, DurationsAndSizes.size("0"), "zero parses; the binder rejects it");
        assertEquals(7, DurationsAndSizes.size("7B"));
        assertEquals(1_000, DurationsAndSizes.size("1KB"));
        assertEquals(1_024, DurationsAndSizes.size("1KiB"));
        assertEquals(32L << 20, DurationsAndSizes.size("32MiB"));
        assertEquals(5_000_000, DurationsAndSizes.size("5MB"));
        assertEquals(1_000_000_000, DurationsAndSizes.size("1GB"));
        assertEquals(3L << 30, DurationsAndSizes.size("3GiB"));
        assertEquals(2L << 20, DurationsAndSizes.size("2 mib"), "units ignore case and a space before them");
    }

    @Test
    void malformedSizesAreMinusOne() {
        for (String bad : new String[] {null, "", "MiB", "-1", "+1", "1.5MiB", "1TB", "1 2", "12XB", "1MiBs", "0x10",
                "1234567890123456789", "9999999999999999GiB"}) {
            assertEquals(-1, DurationsAndSizes.size(bad), () -> "'" + bad + "'");
        }
        assertEquals(123456789012345678L, DurationsAndSizes.size("123456789012345678"), "18 digits still fit");
    }
}
