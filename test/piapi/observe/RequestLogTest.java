package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import piapi.http.FinishedRequest;
import piapi.http.OutcomeLabel;
import piapi.support.Finished;

/** The ring buffer: bounded, newest first, unauthenticated traffic kept apart, safe under concurrent writers. */
class RequestLogTest {
    static FinishedRequest record(String id, String user, String service, int status, OutcomeLabel outcome, long millis) {
        return Finished.proxied(id, service).started(1_700_000_000_000L + millis, 0).user(user).status(status).outcome(outcome)
                .tookMillis(millis).build();
    }

    static List<String> ids(List<FinishedRequest> entries) {
        return entries.stream().map(FinishedRequest::id).toList();
    }

    @Test
    void keepsTheNewestUpToCapacityNewestFirst() {
        RequestLog log = new RequestLog(3);
        for (int i = 1; i <= 5; i++) log.accept(record("r" + i, "alice", "codex", 200, OutcomeLabel.OK, i));
        assertEquals(List.of("r5", "r4", "r3"), ids(log.newestFirst()));
        assertEquals(3, log.stored());
        assertEquals(2, log.evicted());
        assertTrue(log.covers(1_700_000_000_000L + 4), "r4 and r5 started after r3, which is still here");
        assertFalse(log.covers(1_700_000_000_000L + 3), "r1 and r2 may have started after it and are gone");
        assertEquals(List.of("r5", "r4"), ids(log.query(e -> true, 2)));
        assertEquals(List.of("r4"), ids(log.query(e -> e.id().equals("r4"), 10)));
    }

    @Test
    void orderIsByStartSoALongStreamSitsWhereItBegan() {
        RequestLog log = new RequestLog(10);
        FinishedRequest stream = Finished.proxied("stream", "codex").started(1_000, 100).tookMillis(50).build();
        FinishedRequest quick = Finished.proxied("quick", "codex").started(1_001, 200).tookMillis(1).build();
        log.accept(quick);  // finished first
        log.accept(stream); // started first, finished last
        assertEquals(List.of("quick", "stream"), ids(log.newestFirst()));
    }

    static FinishedRequest started(String id, long startNanos) {
        return Finished.proxied(id, "codex").started(1_700_000_000_000L + startNanos, startNanos).user("alice").build();
    }

    @Test
    void theRingKeepsTheLastToStartWhateverOrderTheyFinishIn() {
        RequestLog log = new RequestLog(3);
        for (int start : new int[] {1, 2, 4, 5, 3}) log.accept(started("r" + start, start)); // r3 finishes last
        assertEquals(List.of("r5", "r4", "r3"), ids(log.newestFirst()), "r3 started after r1 and r2: they are the ones that go");
        assertEquals(2, log.evicted());
        assertEquals(3, log.stored());
    }

    @Test
    void aRequestFinishingAfterCapacityNewerOnesStartedIsDroppedOnArrival() {
        RequestLog log = new RequestLog(2);
        for (int start : new int[] {2, 3, 1}) log.accept(started("r" + start, start));
        assertEquals(List.of("r3", "r2"), ids(log.newestFirst()));
        assertEquals(1, log.evicted());
        assertFalse(log.covers(1_700_000_000_000L + 2), "r1 started before r2 and is gone");
        assertTrue(log.covers(1_700_000_000_000L + 3), "r2 is older than anything after 3, so nothing after it is missing");
    }

    @Test
    void concurrentOutOfOrderWritersKeepExactlyTheLastToStart() throws Exception {
        RequestLog log = new RequestLog(500);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 999; i >= 0; i--) log.accept(started("s" + (i * 8 + thread), i * 8L + thread)); // newest first
                });
            }
        }
        List<FinishedRequest> kept = log.newestFirst();
        assertEquals(500, kept.size());
        for (int i = 0; i < 500; i++) assertEquals("s" + (7999 - i), kept.get(i).id());
        assertEquals(7500, log.evicted());
    }

    @Test
    void unauthenticatedRequestsCannotPushOutTheTeamsTraffic() {
        RequestLog log = new RequestLog(100);
        for (int i = 0; i < 50; i++) log.accept(record("team" + i, "alice", "codex", 200, OutcomeLabel.OK, i));
        for (int i = 0; i < 10_000; i++) log.accept(record("anon" + i, "", "svc" + i, 401, OutcomeLabel.REJECTED, 100 + i));
        List<FinishedRequest> all = log.newestFirst();
        assertEquals(50, all.stream().filter(e -> e.user().equals("alice")).count(), "all of the team's requests are kept");
        assertEquals(10, all.stream().filter(e -> e.user().isEmpty()).count(), "unauthenticated ones get a tenth (at least 10)");
        assertEquals("anon9999", all.get(0).id(), "still newest first across both");
    }

    @Test
    void onlyProxiedRequestsAreLogged() {
        RequestLog log = new RequestLog(10);
        log.accept(Finished.request("m", "/metrics").method("GET").build());
        log.accept(Finished.request("a", "/piadmin/api/logs").method("GET").build());
        assertEquals(0, log.stored());
    }

    @Test
    void concurrentWritersLoseNothingBelowCapacity() throws Exception {
        RequestLog log = new RequestLog(10_000);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) log.accept(record(thread + "-" + i, "alice", "codex", 200, OutcomeLabel.OK, i));
                });
            }
        }
        List<FinishedRequest> all = log.newestFirst();
        assertEquals(8000, all.size());
        assertEquals(8000, all.stream().map(FinishedRequest::id).distinct().count());
        for (int i = 1; i < all.size(); i++) assertTrue(all.get(i - 1).startNanos() >= all.get(i).startNanos(), "newest first");
    }

    @Test
    void capacityComesFromTheEnvironmentAndIsChecked() {
        assertEquals(1000, RequestLog.capacityFrom(null));
        assertEquals(1000, RequestLog.capacityFrom(" "));
        assertEquals(50, RequestLog.capacityFrom("50"));
        assertEquals("'0' must be a whole number from 1 to 100000",
                assertThrows(IllegalArgumentException.class, () -> RequestLog.capacityFrom("0")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RequestLog.capacityFrom("1k"));
        assertThrows(IllegalArgumentException.class, () -> RequestLog.capacityFrom("100001"));
    }
}
