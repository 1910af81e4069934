package piapi.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock a test's gateway runs on when the test does not move time itself: the real UTC clock, or, with the
 * system property {@value #START_PROPERTY} set to an instant (say {@code 2026-01-31T23:59:58Z}), a clock that
 * ticks in real time from that instant on, starting anew for each gateway. So `make test TEST_CLOCK=...` runs
 * every such gateway across a midnight (and a month end) a moment after it starts, which shows whether a test
 * takes its dates from the gateway's clock or from the machine's. Tests only: piapi itself never reads the
 * property.
 */
public final class WallClock {
    public static final String START_PROPERTY = "piapi.test.clockStart";

    private WallClock() {}

    /** A fresh clock for one gateway (or one test): the real clock, shifted to the property's instant when set. */
    public static Clock utc() {
        String start = System.getProperty(START_PROPERTY, "");
        if (start.isBlank()) return Clock.systemUTC();
        return startingAt(Instant.parse(start.trim()));
    }

    /**
     * The machine's clock, never shifted: for a gateway whose test compares what the request log holds with the
     * gateway's windows ({@code since=1h}, the dashboard's last hour). The request log stamps each request with
     * the machine's time when it arrives, while the windows are measured back from the gateway's clock; in
     * production the two are one clock.
     */
    public static Clock machine() {
        return Clock.systemUTC();
    }

    /** A clock ticking in real time from {@code start}, which is its time now. */
    public static Clock startingAt(Instant start) {
        Clock real = Clock.systemUTC();
        return Clock.offset(real, Duration.between(real.instant(), start));
    }
}
