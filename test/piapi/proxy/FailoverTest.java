package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ALICE_KEY;
import static piapi.proxy.AdminViews.candidate;
import static piapi.support.GatewayHarness.requestId;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.TestClock;
import piapi.support.DeadPort;
import piapi.support.TestConfig;

/**
 * Failover before the first byte: retryable answers move the request to another candidate with the
 * same body; the last answer passes through unchanged when every attempt fails; nothing is retried
 * that blames the request; cooldowns follow Retry-After. sticky_healthy makes alpha the first choice.
 */
@Timeout(30)
class FailoverTest {
    static final FakeUpstream.Script OK = (ex, r) -> FakeUpstream.reply(ex, 200, "application/json", "{\"from\":\"ok\"}");
    final TestClock clock = new TestClock();
    FakeUpstream a;
    FakeUpstream b;
    GatewayHarness piapi;

    void start(FakeUpstream.Script alpha, FakeUpstream.Script beta, String extra) throws Exception {
        a = FakeUpstream.start(alpha);
        b = FakeUpstream.start(beta);
        piapi = GatewayHarness.start(TestConfig.candidates("sticky_healthy", a.url(), b.url()).section(extra), AdminViews.ENV, clock);
    }

    @AfterEach
    void stop() throws Exception {
        if (piapi != null) piapi.close();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    static FakeUpstream.Script status(int status, String body, String... headers) {
        return (ex, r) -> {
            for (int i = 0; i < headers.length; i += 2) ex.getResponseHeaders().set(headers[i], headers[i + 1]);
            FakeUpstream.reply(ex, status, "application/json", body);
        };
    }

    /**
     * One request, returned once piapi has finished with it (its access line is written after the
     * attempt's health report), so health and metrics can be checked without a race.
     */
    HttpResponse<String> call(String service) throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piapi/" + service + "/chat?x=1").header("Authorization", "Bearer " + ALICE_KEY)
                .header("Content-Type", "application/json").header("X-Custom", "kept")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hello\"}")).build());
        piapi.log.accessLine(requestId(r));
        return r;
    }

    @Test
    void rateLimitWithRetryAfterFailsOverAndCoolsDownForThatLong() throws Exception {
        start(status(429, "{\"error\":\"slow down\"}", "Retry-After", "30"), OK, "");
        HttpResponse<String> r = call("svc");
        assertEquals(200, r.statusCode());
        assertEquals("{\"from\":\"ok\"}", r.body());
        FakeUpstream.Recorded first = a.take();
        FakeUpstream.Recorded second = b.take();
        assertEquals(first.bodyText(), second.bodyText(), "the buffered body is sent again");
        assertEquals("{\"prompt\":\"hello\"}", second.bodyText());
        assertEquals("/v1/chat?x=1", second.target());
        assertEquals("kept", second.header("X-Custom"));
        assertEquals("Bearer sk-beta-secret-0002", second.header("Authorization"), "each candidate gets its own key");
        Map<String, Object> line = piapi.log.accessLine(requestId(r));
        assertEquals(2L, line.get("attempts"));
        assertEquals("beta", line.get("provider"), "the log names the upstream that answered");
        assertEquals(200L, line.get("upstream_status"));

        Map<String, Object> alpha = candidate(piapi, "svc", "alpha");
        assertEquals("cooling_down", alpha.get("state"));
        assertEquals("rate_limited", alpha.get("cooldown_reason"));
        assertEquals(clock.instant().plusSeconds(30).toString(), alpha.get("cooldown_until"));
        assertEquals(429L, alpha.get("last_status"));

        assertEquals(200, call("svc").statusCode());
        assertEquals(0, a.pending(), "alpha is skipped while it cools down");
        b.take();
        clock.advance(Duration.ofSeconds(30));
        a.script(OK);
        assertEquals(200, call("svc").statusCode());
        a.take(); // back on the preferred candidate once its cooldown is over
        assertEquals(0, b.pending());
        assertEquals("healthy", candidate(piapi, "svc", "alpha").get("state"));
    }

    @Test
    void rateLimitWithoutRetryAfterCoolsDownForTheConfiguredCooldown() throws Exception {
        start(status(429, "{}"), OK, "routing: { cooldown: 7s }\n");
        assertEquals(200, call("svc").statusCode());
        assertEquals(clock.instant().plusSeconds(7).toString(), candidate(piapi, "svc", "alpha").get("cooldown_until"));
    }

    @Test
    void aServerErrorOnceIsInvisibleToTheClient() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start((ex, r) -> {
            if (calls.incrementAndGet() == 1) {
                FakeUpstream.reply(ex, 500, "application/json", "{\"error\":\"boom\"}");
            } else {
                OK.answer(ex, r);
            }
        }, OK, "");
        HttpResponse<String> r = call("svc");
        assertEquals(200, r.statusCode());
        assertEquals("{\"from\":\"ok\"}", r.body());
        assertEquals(1, a.drain().size());
        assertEquals(1, b.drain().size());
        Map<String, Object> alpha = candidate(piapi, "svc", "alpha");
        assertEquals("server_error", alpha.get("cooldown_reason"));
        assertEquals("upstream status 500", alpha.get("last_error"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(200, call("svc").statusCode());
        assertEquals(1, a.drain().size(), "alpha answers again once its 10 s cooldown is over");
        assertEquals(0, b.pending());
        assertEquals("healthy", candidate(piapi, "svc", "alpha").get("state"));
        assertEquals(1, piapi.log.lines().stream().filter(l -> "upstream_recovered".equals(l.get("event"))).count());
    }

    @Test
    void persistentOutagePassesTheLastResponseThroughUnchanged() throws Exception {
        start(status(503, "{\"error\":\"alpha down\"}", "Retry-After", "7", "X-Upstream", "alpha"),
                status(503, "{\"error\":\"beta down\"}", "Retry-After", "7", "X-Upstream", "beta"), "");
        HttpResponse<String> r = call("svc");
        assertEquals(503, r.statusCode());
        assertEquals("{\"error\":\"beta down\"}", r.body());
        assertEquals("beta", r.headers().firstValue("X-Upstream").orElse(null));
        assertEquals("7", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals(1, a.drain().size());
        assertEquals(1, b.drain().size());

        // both cool down for 7 s: the next request still reaches one (nobody is locked out), and no cooling one is added
        HttpResponse<String> again = call("svc");
        assertEquals(503, again.statusCode());
        assertEquals("{\"error\":\"alpha down\"}", again.body());
        assertEquals(1, a.drain().size());
        assertEquals(0, b.pending());
    }

    @Test
    void badRequestIsNeverRetried() throws Exception {
        start(status(400, "{\"error\":{\"type\":\"invalid_request_error\"}}"), OK, "");
        HttpResponse<String> r = call("svc");
        assertEquals(400, r.statusCode());
        assertEquals("{\"error\":{\"type\":\"invalid_request_error\"}}", r.body());
        a.take();
        assertEquals(0, b.pending(), "another candidate would refuse it too");
        Map<String, Object> alpha = candidate(piapi, "svc", "alpha");
        assertEquals("healthy", alpha.get("state"), "a 400 shows the upstream works");
        assertEquals(0L, alpha.get("errors"));
    }

    @Test
    void anEarlierResponsePassesThroughWhenTheLastCandidateCannotBeReached() throws Exception {
        a = FakeUpstream.start(status(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}", "X-Upstream", "alpha"));
        HttpResponse<String> r;
        try (DeadPort dead = new DeadPort()) {
            piapi = GatewayHarness.start(TestConfig.candidates("sticky_healthy", a.url(), dead.url()), AdminViews.ENV, clock);
            r = call("svc");
        }
        assertEquals(529, r.statusCode(), "the client sees the upstream's own error, not piapi's 502");
        assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}", r.body());
        assertEquals("alpha", r.headers().firstValue("X-Upstream").orElse(null));
        Map<String, Object> line = piapi.log.accessLine(requestId(r));
        assertEquals(2L, line.get("attempts"));
        assertEquals("alpha", line.get("provider"));
        assertEquals("connect_error", candidate(piapi, "svc", "beta").get("cooldown_reason"));
    }

    @Test
    void attemptsAreBounded() throws Exception {
        a = FakeUpstream.start(status(503, "{}"));
        b = FakeUpstream.start(status(503, "{}"));
        try (FakeUpstream c = FakeUpstream.start(OK)) {
            piapi = GatewayHarness.start(TestConfig.candidates("sticky_healthy", a.url(), b.url(), c.url()).section("routing: {maxAttempts: 2}"),
                    AdminViews.ENV, clock);
            assertEquals(503, call("svc").statusCode(), "two attempts, both 503: the third candidate is not tried");
            assertEquals(0, c.pending());
        }
    }

    @Test
    void noFailoverStartsAfterTheWindow() throws Exception {
        start((ex, r) -> {
            clock.advance(Duration.ofMinutes(2)); // the answer comes "two minutes" after the request started
            FakeUpstream.reply(ex, 503, "application/json", "{\"late\":true}");
        }, OK, "routing: { failoverWindow: 1m }\n");
        HttpResponse<String> r = call("svc");
        assertEquals(503, r.statusCode());
        assertEquals("{\"late\":true}", r.body());
        assertEquals(0, b.pending());
    }

    @Test
    void aSingleCandidateRoutePassesRateLimitsThroughAtOnce() throws Exception {
        start(status(429, "{\"error\":{\"type\":\"rate_limit_error\"}}", "Retry-After", "5"), OK, "");
        HttpResponse<String> r = call("solo");
        assertEquals(429, r.statusCode());
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(null), "the SDK's own retry needs it");
        assertEquals("{\"error\":{\"type\":\"rate_limit_error\"}}", r.body());
        assertEquals(1, a.drain().size(), "never tried twice: an overloaded upstream must not get doubled load");
        assertEquals(0, b.pending());
    }

    @Test
    void aSingleCandidateIsStillTriedAfterA500() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start((ex, r) -> {
            if (calls.incrementAndGet() == 1) {
                FakeUpstream.reply(ex, 500, "application/json", "{\"error\":\"boom\"}");
            } else {
                OK.answer(ex, r);
            }
        }, OK, "");
        HttpResponse<String> failed = call("solo");
        assertEquals(500, failed.statusCode());
        assertEquals("{\"error\":\"boom\"}", failed.body());
        assertEquals("cooling_down", AdminViews.candidate(piapi, "solo", "alpha").get("state"));
        HttpResponse<String> next = call("solo"); // same instant: alpha is cooling, yet it is the only candidate
        assertEquals(200, next.statusCode());
        assertEquals(2, calls.get());
        assertEquals("healthy", AdminViews.candidate(piapi, "solo", "alpha").get("state"));
    }

    @Test
    void attemptsFailoversAndHealthAreInTheMetrics() throws Exception {
        start(status(503, "{}"), OK, "");
        assertEquals(200, call("svc").statusCode());
        assertEquals(200, call("svc").statusCode());
        String metrics = piapi.send(piapi.request("/metrics").GET().build()).body();
        assertTrue(metrics.contains("piapi_upstream_attempts_total{service_type=\"svc\",provider=\"alpha\",outcome=\"server_error\"} 1\n"), metrics);
        assertTrue(metrics.contains("piapi_upstream_attempts_total{service_type=\"svc\",provider=\"beta\",outcome=\"ok\"} 2\n"), metrics);
        assertTrue(metrics.contains("piapi_upstream_failovers_total{service_type=\"svc\",provider=\"alpha\",outcome=\"server_error\"} 1\n"), metrics);
        assertTrue(metrics.contains("piapi_candidate_requests_total{service_type=\"svc\",provider=\"alpha\"} 1\n"), metrics);
        assertTrue(metrics.contains("piapi_candidate_errors_total{service_type=\"svc\",provider=\"alpha\"} 1\n"), metrics);
        assertTrue(metrics.contains("piapi_candidate_healthy{provider=\"alpha\",provider_key=\"k\"} 0\n"), metrics);
        assertTrue(metrics.contains("piapi_candidate_healthy{provider=\"beta\",provider_key=\"k\"} 1\n"), metrics);
        assertFalse(metrics.contains("secret"), "no key in a metric");
        Map<String, Object> event = piapi.log.await("upstream_failover event", l -> "upstream_failover".equals(l.get("event")));
        assertEquals("alpha", event.get("provider"));
        assertEquals("beta", event.get("next_provider"));
        assertNull(event.get("key"));
        assertTrue(Instant.parse((String) candidate(piapi, "svc", "alpha").get("last_error_at")).equals(clock.instant()));
    }
}
