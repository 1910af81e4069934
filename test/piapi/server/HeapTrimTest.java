package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The soft ceiling on the old generation: a full collection when garbage, not live data or open streams, fills it. */
class HeapTrimTest {
    private static final long MIB = 1024 * 1024;

    private final AtomicReference<MemoryUsage> oldNow = new AtomicReference<>(usage(0));
    private final AtomicReference<MemoryUsage> oldAfterFull = new AtomicReference<>(usage(10));
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final AtomicInteger fullCollections = new AtomicInteger();
    private final HeapTrim trim = new HeapTrim(oldNow::get, oldAfterFull::get, reserved::get, nanos::get, fullCollections::incrementAndGet);

    @Test
    void asksForAFullCollectionOnlyPastTheFloorPlusTwiceTheLiveData() {
        long ceiling = HeapTrim.FLOOR + 2 * 10 * MIB;
        oldNow.set(new MemoryUsage(0, ceiling, 512 * MIB, 512 * MIB));
        trim.collected();
        assertEquals(0, fullCollections.get(), "at the ceiling: the old generation is left alone");
        oldNow.set(new MemoryUsage(0, ceiling + 1, 512 * MIB, 512 * MIB));
        trim.collected();
        assertEquals(1, fullCollections.get(), "one byte past it: a full collection");
    }

    @Test
    void theReservationsOfRequestsInFlightRaiseTheCeiling() {
        oldNow.set(usage(200));
        reserved.set(200 * MIB); // thousands of open streams: their objects are live, not garbage
        trim.collected();
        assertEquals(0, fullCollections.get());
        reserved.set(0); // they ended: what they held is garbage now
        trim.collected();
        assertEquals(1, fullCollections.get());
    }

    @Test
    void streamsWindingDownWithoutAFullCollectionYetDoNotTriggerOne() {
        oldAfterFull.set(new MemoryUsage(0, 0, 512 * MIB, 512 * MIB)); // no full collection has run: nothing known to be live
        reserved.set(100 * MIB); // streams still open, though many have ended since the old generation filled
        oldNow.set(usage(230)); // at most half of it garbage: a full collection would pause on the live half for little
        trim.collected();
        assertEquals(0, fullCollections.get());
        reserved.set(90 * MIB);
        oldNow.set(usage(HeapTrim.FLOOR / MIB + 2 * 90 + 1)); // garbage now past the live data plus the floor
        trim.collected();
        assertEquals(1, fullCollections.get());
    }

    @Test
    void atMostOneFullCollectionPerInterval() {
        oldNow.set(usage(300));
        trim.collected();
        trim.collected();
        nanos.addAndGet(HeapTrim.MIN_INTERVAL_NANOS - 1);
        trim.collected();
        assertEquals(1, fullCollections.get(), "live data the ceiling misjudges must not turn every young collection into a full one");
        nanos.addAndGet(1);
        trim.collected();
        assertEquals(2, fullCollections.get());
    }

    @Test
    void withoutPoolDataItDoesNothing() {
        oldNow.set(null);
        trim.collected();
        assertEquals(0, fullCollections.get());
        oldNow.set(usage(100));
        oldAfterFull.set(null); // no full collection yet: the floor alone
        trim.collected();
        assertEquals(1, fullCollections.get());
    }

    private static MemoryUsage usage(long usedMiB) {
        return new MemoryUsage(0, usedMiB * MIB, 512 * MIB, 512 * MIB);
    }
}
