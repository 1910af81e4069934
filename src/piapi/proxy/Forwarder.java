package piapi.proxy;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.config.RoutingSettings;
import piapi.config.Timeouts;
import piapi.config.ResolvedCandidate;
import piapi.http.AbortExchange;
import piapi.http.Outcome;
import piapi.http.RequestRecord;
import piapi.http.Responses;
import piapi.observe.Events;
import piapi.route.AttemptVerdict;
import piapi.route.Router;
import piapi.route.UpstreamHealth;

/**
 * Sends a request upstream, failing over to another candidate before anything reaches the client.
 * <pre>
 *  choose a candidate (the first attempt may take a cooling one: nobody is locked out)
 *  send -> connect error | reset | first-byte timeout | response status
 *  retryable, attempts and failover window left, another eligible candidate untried?
 *      yes: read the failed response whole (releasing its connection), report it, try the next
 *      no:  commit: relay this response; or, when this attempt got none, the last failed response
 *           kept from an earlier attempt; or piapi's own 502/504
 * </pre>
 * Once the response is committed the stream belongs to that upstream: it is never sent again.
 * Every attempt is reported to health (client disconnects excepted), metrics and, through the
 * record, the access log, which names the upstream whose response the client got.
 */
public final class Forwarder {
    private static final long MAX_DRAIN_NANOS = 10_000_000_000L;

    private final Router router;
    private final UpstreamClients clients;
    private final IdleWatchdog watchdog;
    private final UpstreamMetrics metrics;
    private final Events events;
    private final Clock clock;

    public Forwarder(Router router, UpstreamClients clients, IdleWatchdog watchdog, UpstreamMetrics metrics, Events events) {
        this.router = router;
        this.clients = clients;
        this.watchdog = watchdog;
        this.metrics = metrics;
        this.events = events;
        this.clock = router.clock();
    }

    /** One attempt's result: a response, or a failure before any response. */
    private sealed interface Attempt permits Answered, Failed {}

    private record Answered(HttpResponse<InputStream> response) implements Attempt {}

    private record Failed(AttemptVerdict outcome, String error) implements Attempt {}

    void forward(HttpExchange exchange, RequestRecord record, ConfigSnapshot snapshot, ResolvedRoute route, ServicePath path,
                 byte[] body) throws IOException {
        RoutingSettings settings = snapshot.settings().routing();
        Timeouts timeouts = snapshot.settings().timeouts();
        String session = SessionIds.of(exchange.getRequestHeaders());
        List<ResolvedCandidate> tried = new ArrayList<>(Math.min(settings.maxAttempts(), route.upstreams().size()));
        ResolvedCandidate upstream = router.choose(route, tried, session, true, settings);
        if (upstream == null) {
            record.outcome(Outcome.UPSTREAM_ERROR);
            Responses.error(exchange, record, 503, "no_upstream", "no enabled upstream for service '" + route.serviceType() + "'");
            return;
        }
        long firstStart = clock.millis();
        CapturedResponse kept = null;
        while (true) {
            tried.add(upstream);
            record.attempt();
            record.upstream(upstream.id().provider(), upstream.id().keyName());
            HttpRequest request;
            try {
                request = UpstreamRequests.build(exchange.getRequestMethod(), exchange.getRequestHeaders(), path.rest(),
                        exchange.getRequestURI().getRawQuery(), body, upstream, timeouts.firstByte(), record.id());
            } catch (UpstreamRequests.BadTarget e) {
                Responses.error(exchange, record, 400, "bad_path", "the path or query cannot be forwarded as a URL");
                return;
            }
            record.upstreamUrl(request.uri()); // may hold a query-auth key: logged only through Redaction.url
            long startedAt = clock.millis();
            long sent = System.nanoTime();
            Attempt attempt;
            try {
                attempt = new Answered(clients.send(request, timeouts.connect()));
            } catch (HttpConnectTimeoutException | ConnectException e) {
                attempt = new Failed(AttemptVerdict.CONNECT_ERROR, ErrorText.of(e, upstream));
            } catch (HttpTimeoutException e) {
                attempt = new Failed(AttemptVerdict.TIMEOUT, "no response headers within " + timeouts.firstByte().toMillis() + "ms");
            } catch (IOException e) {
                attempt = new Failed(AttemptVerdict.RESET, ErrorText.of(e, upstream));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                record.outcome(Outcome.UPSTREAM_ERROR);
                Responses.error(exchange, record, 503, "shutting_down", "piapi is shutting down");
                return;
            }
            record.addUpstreamWait(System.nanoTime() - sent);
            int status = attempt instanceof Answered a ? a.response().statusCode() : 0;
            AttemptVerdict outcome = switch (attempt) {
                case Answered a -> AttemptVerdict.ofStatus(status);
                case Failed f -> f.outcome();
            };
            if (status > 0) record.upstreamStatus(status);
            ResolvedCandidate next = retryable(attempt, outcome, settings) && tried.size() < settings.maxAttempts()
                    && clock.millis() - firstStart < settings.failoverWindow().toMillis()
                    ? router.choose(route, tried, session, false, settings) : null;
            if (next != null) { // fail over: nothing has reached the client yet
                if (attempt instanceof Answered a) {
                    long retryAfter = RetryAfter.millis(a.response().headers(), clock.millis());
                    CapturedResponse captured = CapturedResponse.capture(a.response(), upstream, watchdog,
                            Math.min(timeouts.idle().toNanos(), MAX_DRAIN_NANOS));
                    if (captured != null) kept = captured;
                    report(record, route, upstream, outcome, status, retryAfter, "upstream status " + status, startedAt, settings);
                } else {
                    report(record, route, upstream, outcome, 0, -1, ((Failed) attempt).error(), startedAt, settings);
                }
                metrics.failover(route.serviceType(), upstream.id(), outcome);
                events.info("upstream_failover", "request_id", record.id(), "service_type", route.serviceType(),
                        "provider", upstream.id().provider(), "provider_key", upstream.id().keyName(), "reason", outcome.label(),
                        "status", status, "next_provider", next.id().provider(), "next_provider_key", next.id().keyName());
                upstream = next;
                continue;
            }
            switch (attempt) {
                case Answered a -> relay(exchange, record, route, upstream, a.response(), outcome, startedAt, session, settings, timeouts);
                case Failed f -> {
                    report(record, route, upstream, outcome, 0, -1, f.error(), startedAt, settings);
                    if (kept != null) {
                        relayKept(exchange, record, kept, timeouts);
                    } else {
                        fail(exchange, record, f, tried.size(), timeouts);
                    }
                }
            }
            return;
        }
    }

    private static boolean retryable(Attempt attempt, AttemptVerdict outcome, RoutingSettings s) {
        return switch (attempt) {
            case Answered a -> s.retryOn().status(a.response().statusCode());
            case Failed f -> switch (outcome) {
                case CONNECT_ERROR -> s.retryOn().connect();
                case RESET -> s.retryOn().reset();
                case TIMEOUT -> s.retryOn().timeout();
                default -> false;
            };
        };
    }

    /** Relays the committed response, then reports how it ended. */
    private void relay(HttpExchange exchange, RequestRecord record, ResolvedRoute route, ResolvedCandidate upstream,
                       HttpResponse<InputStream> response, AttemptVerdict outcome, long startedAt, String session,
                       RoutingSettings settings, Timeouts timeouts) {
        int status = response.statusCode();
        long retryAfter = outcome.isError() ? RetryAfter.millis(response.headers(), clock.millis()) : -1;
        record.firstByteAt(System.nanoTime());
        if (outcome.effect() == AttemptVerdict.Effect.SUCCESS) router.answered(route, upstream, session, settings);
        AttemptVerdict end = outcome;
        try {
            ResponseRelay.relay(exchange, response, record, watchdog, timeouts.idle().toNanos());
        } catch (AbortExchange e) {
            // a failure status stays what it was; a good response that broke or lost its client says so
            if (outcome.effect() == AttemptVerdict.Effect.SUCCESS) {
                end = record.outcome() == Outcome.CLIENT_GONE ? AttemptVerdict.CLIENT_GONE : AttemptVerdict.STREAM_BROKEN;
            }
            throw e;
        } finally {
            String error = end == AttemptVerdict.STREAM_BROKEN ? record.error() : end.isError() ? "upstream status " + status : "";
            report(record, route, upstream, end, status, retryAfter, error, startedAt, settings);
        }
    }

    /** The last attempt got no response, but an earlier one did: that one goes to the client, unchanged. */
    private void relayKept(HttpExchange exchange, RequestRecord record, CapturedResponse kept, Timeouts timeouts) {
        record.upstream(kept.upstream().id().provider(), kept.upstream().id().keyName());
        record.upstreamStatus(kept.statusCode());
        record.firstByteAt(System.nanoTime());
        ResponseRelay.relay(exchange, kept, record, watchdog, timeouts.idle().toNanos());
    }

    private static void fail(HttpExchange exchange, RequestRecord record, Failed f, int attempts, Timeouts timeouts) throws IOException {
        String tries = attempts > 1 ? " (" + attempts + " candidates tried)" : "";
        record.error(""); // the log's error is piapi's code; the cause is in the upstream_unhealthy event
        switch (f.outcome()) {
            case TIMEOUT -> {
                record.outcome(Outcome.TIMEOUT);
                Responses.error(exchange, record, 504, "upstream_timeout",
                        "the upstream sent no response within " + timeouts.firstByte().toSeconds() + "s" + tries);
            }
            case CONNECT_ERROR -> {
                record.outcome(Outcome.UPSTREAM_ERROR);
                Responses.error(exchange, record, 502, "upstream_unreachable", "could not connect to the upstream" + tries);
            }
            default -> {
                record.outcome(Outcome.UPSTREAM_ERROR);
                Responses.error(exchange, record, 502, "upstream_failed", "the upstream connection failed before a response" + tries);
            }
        }
    }

    private void report(RequestRecord record, ResolvedRoute route, ResolvedCandidate upstream, AttemptVerdict outcome, int status,
                        long retryAfterMillis, String error, long startedAt, RoutingSettings settings) {
        long now = clock.millis();
        UpstreamHealth.Report r = router.health().report(upstream.id(), outcome, status, retryAfterMillis, error, startedAt, now, settings);
        metrics.attempt(route.serviceType(), upstream.id(), outcome);
        if (r.becameUnhealthy()) {
            events.warn("upstream_unhealthy", "provider", upstream.id().provider(), "provider_key", upstream.id().keyName(),
                    "service_type", route.serviceType(), "reason", outcome.label(), "status", status, "error", error,
                    "cooldown_ms", Math.max(0, r.after().cooldownUntil() - now),
                    "cooldown_until", Instant.ofEpochMilli(r.after().cooldownUntil()).toString(), "request_id", record.id());
        } else if (r.recovered()) {
            events.info("upstream_recovered", "provider", upstream.id().provider(), "provider_key", upstream.id().keyName(),
                    "service_type", route.serviceType(), "unhealthy_ms", Math.max(0, now - r.unhealthySince()),
                    "request_id", record.id());
        }
    }
}
