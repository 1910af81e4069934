package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/** The per-minute p95 estimate from histogram buckets. */
class MinuteSeriesTest {
    private static final double[] BOUNDS = {0.1, 1, 10};

    static AtomicLongArray counts(long... c) {
        return new AtomicLongArray(c);
    }

    @Test
    void interpolatesInsideTheBucketHoldingThe95thPercentile() {
        assertNull(MinuteSeries.p95(BOUNDS, counts(0, 0, 0, 0)));
        // 100 observations, all in (0.1s, 1s]: rank 95 lies 95% into that bucket
        assertEquals(955.0, MinuteSeries.p95(BOUNDS, counts(0, 100, 0, 0)));
        // 90 fast, 10 in (1s, 10s]: rank 95 is the 5th of 10 there, halfway: 5.5 s
        assertEquals(5500.0, MinuteSeries.p95(BOUNDS, counts(90, 0, 10, 0)));
        // beyond the last bound the estimate is that bound (the histogram cannot say more)
        assertEquals(10_000.0, MinuteSeries.p95(BOUNDS, counts(1, 0, 0, 99)));
        assertEquals(95.0, MinuteSeries.p95(BOUNDS, counts(1, 0, 0, 0)));
    }
}
