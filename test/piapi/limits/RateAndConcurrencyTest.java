package piapi.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.limits.LimitsFixture.admitted;
import static piapi.limits.LimitsFixture.refused;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.support.Await;

/** Requests per minute and concurrent requests: short Retry-After, slots released on every path. */
class RateAndConcurrencyTest {
    final LimitsFixture f = new LimitsFixture(Instant.parse("2026-03-10T12:00:00Z"));

    RateAndConcurrencyTest() throws IOException {}

    @AfterEach
    void cleanUp() throws IOException {
        f.close();
    }

    @Test
    void aMinutesAllowanceMayComeAsABurstThenFreesUpSmoothly() {
        Limiter l = f.limiter("default: {requestsPerMinute: 3}");
        for (int i = 0; i < 3; i++) admitted(l.admit("alice", "m", false)).close();
        Refusal r = refused(l.admit("alice", "m", false));
        assertEquals(LimitName.REQUESTS_PER_MINUTE, r.limit());
        assertEquals("user", r.scope());
        assertEquals(3, r.used());
        assertEquals(3, r.max());
        assertEquals(20, r.retryAfterSeconds(), "one request every 20 s at 3 per minute");
        assertEquals(Instant.parse("2026-03-10T12:00:20Z"), r.resetsAt());
        admitted(l.admit("bob", "m", false)).close(); // every user has their own allowance
        f.clock.advance(Duration.ofSeconds(19));
        refused(l.admit("alice", "m", false));
        f.clock.advance(Duration.ofSeconds(1));
        admitted(l.admit("alice", "m", false)).close();
        assertEquals(2, f.metric("piapi_limit_refusals_total{limit=\"requests_per_minute\"}"));
    }

    @Test
    void retryAfterForARateIsNeverAboveSixtySeconds() {
        Limiter l = f.limiter("default: {requestsPerMinute: 1}");
        admitted(l.admit("alice", "m", false)).close();
        Refusal r = refused(l.admit("alice", "m", false));
        assertEquals(60, r.retryAfterSeconds());
        f.clock.advance(Duration.ofMillis(59_500));
        assertEquals(1, refused(l.admit("alice", "m", false)).retryAfterSeconds(), "rounded up, at least 1");
        f.clock.advance(Duration.ofMillis(500));
        admitted(l.admit("alice", "m", false)).close();
    }

    @Test
    void tokenCountingCallsNeverCountAgainstTheRate() {
        Limiter l = f.limiter("default: {requestsPerMinute: 1, concurrent: 1, requestsPerDay: 1}");
        for (int i = 0; i < 50; i++) admitted(l.admit("alice", "m", true)).close(); // Claude Code's editor burst at start
        Permit p = admitted(l.admit("alice", "m", false));
        assertEquals(0, l.status("alice").limits().stream().filter(s -> s.limit() == LimitName.REQUESTS_PER_DAY).findFirst().orElseThrow()
                .remaining());
        admitted(l.admit("alice", "m", true)).close(); // even while the only slot is taken and the day's quota is used
        p.close();
    }

    @Test
    void limitOneAbortedRequestThenTheNextIsAdmittedAtOnce() {
        Limiter l = f.limiter("default: {concurrent: 1}");
        // every way a request ends: normally, cancelled before the first byte, broken mid-stream, upstream error
        for (String path : new String[] {"ok", "cancel-before-first-byte", "mid-stream", "upstream-error"}) {
            try (Permit p = admitted(l.admit("alice", "m", false))) {
                assertFalse(p.released());
                Refusal r = refused(l.admit("alice", "m", false));
                assertEquals(LimitName.CONCURRENT_REQUESTS, r.limit());
                assertEquals(1, r.used());
                assertEquals(1, r.retryAfterSeconds(), "a slot frees when a request ends: retry soon");
                assertNull(r.resetsAt());
                if (!path.equals("ok")) throw new IllegalStateException(path);
            } catch (IllegalStateException expected) {
                assertTrue(expected.getMessage().length() > 0);
            }
            admitted(l.admit("alice", "m", false)).close(); // admitted at once, whatever happened before
        }
    }

    @Test
    void closingTwiceNeverFreesASecondSlot() {
        Limiter l = f.limiter("default: {concurrent: 2}");
        Permit a = admitted(l.admit("alice", "m", false));
        Permit b = admitted(l.admit("alice", "m", false));
        a.close();
        a.close();
        assertTrue(a.released());
        assertFalse(b.released());
        Permit c = admitted(l.admit("alice", "m", false));
        refused(l.admit("alice", "m", false)); // b and c hold both slots: the double close freed nothing extra
        b.close();
        c.close();
        assertEquals(0, l.status("alice").inProgress());
    }

    @Test
    void aQueuedRequestGetsTheSlotWhenOneEnds() throws Exception {
        Limiter l = f.limiter("default: {concurrent: 1, queueFor: 5m}");
        Permit first = admitted(l.admit("alice", "m", false));
        CompletableFuture<Admission> second = CompletableFuture.supplyAsync(() -> l.admit("alice", "m", false));
        Await.until("the second request to wait", Duration.ofSeconds(10), () -> f.metric("piapi_limit_waiting_requests") == 1);
        assertFalse(second.isDone());
        first.close();
        Permit p = admitted(second.get(20, TimeUnit.SECONDS));
        assertEquals(1, l.status("alice").inProgress());
        p.close();
    }

    @Test
    void aQueuedRequestIsRefusedAfterQueueForAndItsRateIsGivenBack() {
        Limiter l = f.limiter("default: {concurrent: 1, queueFor: 50ms, requestsPerMinute: 2}");
        Permit first = admitted(l.admit("alice", "m", false));
        Refusal r = refused(l.admit("alice", "m", false)); // waits 50 ms of real time, then gives up
        assertEquals(LimitName.CONCURRENT_REQUESTS, r.limit());
        first.close();
        admitted(l.admit("alice", "m", false)).close(); // the refused request did not use up the second of two per minute
    }

    @Test
    void aRequestInterruptedWhileQueuedLeavesNoSlotTaken() throws Exception {
        Limiter l = f.limiter("default: {concurrent: 1, queueFor: 5m}");
        Permit first = admitted(l.admit("alice", "m", false));
        CompletableFuture<Admission> waiting = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> waiting.complete(l.admit("alice", "m", false)));
        Await.until("the request to queue", Duration.ofSeconds(10), () -> f.metric("piapi_limit_waiting_requests") == 1);
        t.interrupt(); // the client went away while queued
        refused(waiting.get(20, TimeUnit.SECONDS));
        assertEquals(0, f.metric("piapi_limit_waiting_requests"));
        first.close();
        assertEquals(0, l.status("alice").inProgress());
        admitted(l.admit("alice", "m", false)).close();
    }

    @Test
    void theNumberOfQueuedRequestsIsBounded() throws Exception {
        Limiter l = f.limiter("default: {concurrent: 1, queueFor: 5m}");
        Permit first = admitted(l.admit("alice", "m", false));
        int room = 8; // at least 8 may wait; 4 per slot when that is more
        CompletableFuture<?>[] waiters = new CompletableFuture<?>[room];
        for (int i = 0; i < room; i++) {
            waiters[i] = CompletableFuture.supplyAsync(() -> {
                Admission a = l.admit("alice", "m", false);
                if (a instanceof Admission.Admitted in) in.permit().close(); // done at once: the next waiter's turn
                return a;
            }, r -> Thread.ofVirtual().start(r));
        }
        Await.until("every waiter to queue", Duration.ofSeconds(20), () -> f.metric("piapi_limit_waiting_requests") == room);
        refused(l.admit("alice", "m", false)); // the queue is full: refused at once, not queued
        first.close();
        for (CompletableFuture<?> w : waiters) {
            assertTrue(w.get(20, TimeUnit.SECONDS) instanceof Admission.Admitted, "every queued request got its turn");
        }
        assertEquals(0, l.status("alice").inProgress());
    }

    @Test
    void aPermitNobodyClosedIsReleasedByTheCollectorAndCounted() {
        Limiter l = f.limiter("default: {concurrent: 1}");
        leak(l);
        Await.until("the leaked permit to be released", Duration.ofSeconds(30), () -> {
            System.gc();
            return l.status("alice").inProgress() == 0;
        });
        assertEquals(1, f.metric("piapi_limit_permit_leaks_total"));
        f.log.await("limit_permit_leaked event", m -> "limit_permit_leaked".equals(m.get("event")));
        admitted(l.admit("alice", "m", false)).close();
    }

    private static void leak(Limiter l) {
        admitted(l.admit("alice", "m", false)); // never closed, never kept
    }

    @Test
    void aReloadThatRaisesConcurrencyLetsAWaiterIn() throws Exception {
        Limiter l = f.limiter("default: {concurrent: 1, queueFor: 5m}");
        Permit first = admitted(l.admit("alice", "m", false));
        CompletableFuture<Admission> second = CompletableFuture.supplyAsync(() -> l.admit("alice", "m", false));
        Await.until("the second request to wait", Duration.ofSeconds(10), () -> f.metric("piapi_limit_waiting_requests") == 1);
        l.configChanged(f.config("default: {concurrent: 2, queueFor: 5m}", "{}"));
        Permit p = admitted(second.get(20, TimeUnit.SECONDS));
        assertEquals(2, l.status("alice").inProgress(), "the counter of requests in progress survived the reload");
        p.close();
        first.close();
    }

    @Test
    void unknownUsersAndUnlimitedUsersAreAdmitted() {
        Limiter l = f.limiter("default: {}");
        for (int i = 0; i < 100; i++) admitted(l.admit("alice", "m", false)).close();
        Permit p = admitted(l.admit("nobody", "m", false));
        p.close();
        assertTrue(p.released());
        assertNull(l.status("nobody"));
        assertTrue(l.status("alice").limits().isEmpty());
        assertEquals(100, l.status("alice").requestsToday());
    }
}
