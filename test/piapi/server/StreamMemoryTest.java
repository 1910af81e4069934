package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The memory budget for requests in flight, and the after-collection check behind it. */
class StreamMemoryTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void capacityIsTheShareOfTheHeapOverTheCostOfOneRequest() {
        StreamMemory m = new StreamMemory(64 * MIB, open -> HeapPressure.none());
        assertEquals((long) (64 * MIB * StreamMemory.SHARE) / StreamMemory.COST, m.capacity());
        assertEquals(1, new StreamMemory(1024, open -> HeapPressure.none()).capacity(), "a tiny heap still serves one request at a time");
    }

    @Test
    void refusesPastCapacityAndTakesReservationsBackOnce() {
        StreamMemory m = new StreamMemory((long) Math.ceil(StreamMemory.COST * 3 / StreamMemory.SHARE), open -> HeapPressure.none()); // capacity 3
        assertEquals(3, m.capacity());
        List<MemoryBudget.Reservation> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) held.add(m.tryReserve());
        held.forEach(r -> assertNotNull(r));
        assertNull(m.tryReserve(), "the fourth request finds no memory");
        assertEquals(3, m.open());
        held.get(0).close();
        held.get(0).close(); // a second close gives nothing back twice
        assertEquals(2, m.open());
        assertNotNull(m.tryReserve());
        assertNull(m.tryReserve());
    }

    @Test
    void aNearlyFullHeapAfterACollectionRefusesUntilAQuarterOfTheOpenRequestsEnded() {
        AtomicReference<MemoryUsage> old = new AtomicReference<>(usage(10, 100));
        AtomicLong nanos = new AtomicLong();
        AtomicReference<HeapPressure> pressure = new AtomicReference<>();
        StreamMemory m = new StreamMemory(1024 * MIB, open -> {
            pressure.set(new HeapPressure(old::get, open, nanos::get));
            return pressure.get();
        });
        List<MemoryBudget.Reservation> held = new ArrayList<>();
        for (int i = 0; i < 8; i++) held.add(m.tryReserve());
        old.set(usage(90, 100)); // 90 % live after a full collection
        pressure.get().collected();
        assertTrue(m.underPressure());
        assertNull(m.tryReserve(), "refused while the heap is nearly full, though the count budget has room");
        held.remove(0).close();
        assertNull(m.tryReserve(), "one of eight ended: not yet");
        held.remove(0).close();
        assertNotNull(m.tryReserve(), "a quarter ended: what they held is garbage now, so requests come in again");
        assertFalse(m.underPressure());
    }

    @Test
    void aRefusalEndsWhenACollectionFindsRoomOrAfterTheHoldTime() {
        AtomicReference<MemoryUsage> old = new AtomicReference<>(usage(90, 100));
        AtomicLong nanos = new AtomicLong();
        HeapPressure p = new HeapPressure(old::get, () -> 0, nanos::get);
        p.collected();
        assertTrue(p.tight());
        old.set(usage(50, 100));
        p.collected();
        assertFalse(p.tight(), "the next collection found room");

        old.set(usage(86, 100));
        p.collected();
        assertTrue(p.tight());
        nanos.addAndGet(HeapPressure.HOLD_NANOS + 1);
        assertFalse(p.tight(), "no collection since: after the hold, requests come in and the next collection decides again");
    }

    @Test
    void withoutManagementDataItIsNeverTight() {
        HeapPressure p = new HeapPressure(() -> null, () -> 5, () -> 0L);
        p.collected();
        assertFalse(p.tight());
        assertFalse(HeapPressure.none().tight());
    }

    private static MemoryUsage usage(long usedMiB, long maxMiB) {
        return new MemoryUsage(0, usedMiB * MIB, maxMiB * MIB, maxMiB * MIB);
    }
}
