package piapi.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import piapi.config.ResolvedCandidate;
import piapi.http.Exchange;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;
import piapi.http.Responses;
import piapi.observe.Events;
import piapi.route.AttemptEnd;
import piapi.route.AttemptVerdict;
import piapi.route.Router;
import piapi.route.UpstreamHealth;

/**
 * The attempts stage: sends a request upstream, failing over to another candidate before anything reaches
 * the client, then hands the committed response to the relay.
 * <pre>
 *  pick    the route stage chose the first candidate; a failover picks an eligible, untried one
 *  try     send -> connect error | reset | first-byte timeout | response status
 *  decide  retryable, attempts and failover window left, another candidate untried?
 *              yes: read the failed response whole (releasing its connection), report it, pick again
 *  relay   no: commit this response; or, when this attempt got none, the last failed response kept from
 *              an earlier attempt; or piapi's own 502/504
 * </pre>
 * Once the response is committed the stream belongs to that upstream: it is never sent again.
 * Every attempt is reported to health (client disconnects excepted), metrics and, through the
 * exchange, the access log, which names the upstream whose response the client got.
 */
public final class Forwarder {
    private static final long MAX_DRAIN_NANOS = 10_000_000_000L;

    private final Router router;
    private final UpstreamClients clients;
    private final ResponseRelay relay;
    private final UpstreamMetrics metrics;
    private final Events events;
    private final Clock clock;

    public Forwarder(Router router, UpstreamClients clients, ResponseRelay relay, UpstreamMetrics metrics, Events events) {
        this.router = router;
        this.clients = clients;
        this.relay = relay;
        this.metrics = metrics;
        this.events = events;
        this.clock = router.clock();
    }

    /** One attempt's result: a response, a failure before any response, or the request stopped before it was sent. */
    private sealed interface Tried permits Answered, Failed, Stopped {}

    private record Answered(HttpResponse<UpstreamBody> response, AttemptVerdict verdict) implements Tried {}

    private record Failed(AttemptVerdict verdict, String error) implements Tried {}

    /** piapi answered instead of sending (the URL cannot be formed, or the gateway is stopping). */
    private record Stopped(Outcome outcome) implements Tried {}

    /** Pick, try, decide, relay: the request's attempts, starting at the route stage's candidate. */
    public Outcome forward(Exchange exchange, ProxyRequest request, ResolvedCandidate first) {
        Attempt attempt = Attempt.first(request, first, clock.millis());
        CapturedResponse kept = null;
        while (true) {
            Tried tried = send(exchange, attempt);
            if (tried instanceof Stopped stopped) return stopped.outcome();
            ResolvedCandidate next = failoverCandidate(attempt, tried);
            if (next == null) return commit(exchange, attempt, tried, kept);
            kept = failOver(exchange, attempt, tried, next, kept);
            attempt = attempt.next(next, clock.millis());
        }
    }

    /** try: one request to the attempt's candidate, up to its response headers. */
    private Tried send(Exchange exchange, Attempt attempt) {
        ResolvedCandidate candidate = attempt.candidate();
        exchange.attempt(candidate.id().provider(), candidate.id().keyName());
        HttpRequest request;
        try {
            request = UpstreamRequests.build(attempt.request(), candidate);
        } catch (UpstreamRequests.BadTarget e) {
            return new Stopped(Responses.refuse(exchange, 400, "bad_path", "the path or query cannot be forwarded as a URL"));
        }
        exchange.upstreamUrl(request.uri()); // may hold a query-auth key: logged only through Redaction.url
        long sent = System.nanoTime();
        try {
            HttpResponse<UpstreamBody> response = clients.send(request, attempt.timeouts().connect());
            exchange.upstreamStatus(response.statusCode());
            return new Answered(response, AttemptVerdict.ofStatus(response.statusCode()));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Failed(AttemptVerdict.CONNECT_ERROR, ErrorText.of(e, candidate));
        } catch (HttpTimeoutException e) {
            return new Failed(AttemptVerdict.TIMEOUT, "no response headers within " + attempt.timeouts().firstByte().toMillis() + "ms");
        } catch (IOException e) {
            return new Failed(AttemptVerdict.RESET, ErrorText.of(e, candidate));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Stopped(Responses.fail(exchange, 503, "shutting_down", "piapi is shutting down", OutcomeLabel.UPSTREAM_ERROR));
        } finally {
            exchange.addUpstreamWait(System.nanoTime() - sent);
        }
    }

    /** decide: the candidate to fail over to, or null to commit this attempt's result. */
    private ResolvedCandidate failoverCandidate(Attempt attempt, Tried tried) {
        if (!retryable(tried, attempt) || !attempt.mayFailOver(clock.millis())) return null;
        return router.choose(attempt.route(), attempt.tried(), attempt.session(), false, attempt.settings());
    }

    private static boolean retryable(Tried tried, Attempt attempt) {
        return switch (tried) {
            case Answered a -> attempt.settings().retryOn().status(a.response().statusCode());
            case Failed f -> switch (f.verdict()) {
                case CONNECT_ERROR -> attempt.settings().retryOn().connect();
                case RESET -> attempt.settings().retryOn().reset();
                case TIMEOUT -> attempt.settings().retryOn().timeout();
                default -> false;
            };
            case Stopped s -> false;
        };
    }

    /** Nothing has reached the client yet: report this attempt and keep its response, should no later one get any. */
    private CapturedResponse failOver(Exchange exchange, Attempt attempt, Tried tried, ResolvedCandidate next, CapturedResponse kept) {
        ResolvedCandidate from = attempt.candidate();
        AttemptVerdict verdict;
        int status = 0;
        if (tried instanceof Answered a) {
            verdict = a.verdict();
            status = a.response().statusCode();
            long retryAfter = RetryAfter.millis(a.response().headers(), clock.millis());
            CapturedResponse captured = CapturedResponse.capture(a.response(), from, relay.watchdog(),
                    Math.min(attempt.timeouts().idle().toNanos(), MAX_DRAIN_NANOS));
            if (captured != null) kept = captured;
            report(exchange, attempt, new AttemptEnd(verdict, status, retryAfter, "upstream status " + status, attempt.startedAt()));
        } else {
            Failed f = (Failed) tried;
            verdict = f.verdict();
            report(exchange, attempt, new AttemptEnd(verdict, 0, -1, f.error(), attempt.startedAt()));
        }
        metrics.failover(attempt.route().serviceType(), from.id(), verdict);
        events.info("upstream_failover", "request_id", exchange.id(), "service_type", attempt.route().serviceType(),
                "provider", from.id().provider(), "provider_key", from.id().keyName(), "reason", verdict.label(),
                "status", status, "next_provider", next.id().provider(), "next_provider_key", next.id().keyName());
        return kept;
    }

    /** relay: this attempt's response; or, when it got none, the one kept from an earlier attempt; or piapi's 502/504. */
    private Outcome commit(Exchange exchange, Attempt attempt, Tried tried, CapturedResponse kept) {
        return switch (tried) {
            case Answered a -> relay(exchange, attempt, a);
            case Failed f -> {
                report(exchange, attempt, new AttemptEnd(f.verdict(), 0, -1, f.error(), attempt.startedAt()));
                yield kept != null ? relayKept(exchange, attempt, kept) : fail(exchange, attempt, f);
            }
            case Stopped s -> s.outcome();
        };
    }

    /** Relays the committed response, then reports how it ended. */
    private Outcome relay(Exchange exchange, Attempt attempt, Answered answered) {
        HttpResponse<UpstreamBody> response = answered.response();
        AttemptVerdict verdict = answered.verdict();
        int status = response.statusCode();
        long retryAfter = verdict.isError() ? RetryAfter.millis(response.headers(), clock.millis()) : -1;
        exchange.firstByteAt(System.nanoTime());
        if (verdict.effect() == AttemptVerdict.Effect.SUCCESS) {
            router.answered(attempt.route(), attempt.candidate(), attempt.session(), attempt.settings());
        }
        Outcome outcome = null;
        try {
            outcome = relay.relay(exchange, response, attempt.timeouts());
            return outcome;
        } finally {
            AttemptVerdict end = verdict.effect() == AttemptVerdict.Effect.SUCCESS ? endOfGoodResponse(verdict, outcome) : verdict;
            String error = end == AttemptVerdict.STREAM_BROKEN ? outcome.error() : end.isError() ? "upstream status " + status : "";
            report(exchange, attempt, new AttemptEnd(end, status, retryAfter, error, attempt.startedAt()));
        }
    }

    /** A failure status stays what it was; a good response that broke or lost its client says so. */
    private static AttemptVerdict endOfGoodResponse(AttemptVerdict verdict, Outcome relayed) {
        return switch (relayed) {
            case Outcome.ClientGone g -> AttemptVerdict.CLIENT_GONE;
            case Outcome.Broken b -> AttemptVerdict.STREAM_BROKEN;
            case null, default -> verdict;
        };
    }

    /** The last attempt got no response, but an earlier one did: that one goes to the client, unchanged. */
    private Outcome relayKept(Exchange exchange, Attempt attempt, CapturedResponse kept) {
        exchange.answeredBy(kept.upstream().id().provider(), kept.upstream().id().keyName());
        exchange.upstreamStatus(kept.statusCode());
        exchange.firstByteAt(System.nanoTime());
        return relay.relayCaptured(exchange, kept);
    }

    /** No attempt got a response: piapi's own 504 (no first byte in time) or 502. */
    private static Outcome fail(Exchange exchange, Attempt attempt, Failed f) {
        String tries = attempt.number() > 1 ? " (" + attempt.number() + " candidates tried)" : "";
        return switch (f.verdict()) {
            case TIMEOUT -> Responses.fail(exchange, 504, "upstream_timeout",
                    "the upstream sent no response within " + attempt.timeouts().firstByte().toSeconds() + "s" + tries, OutcomeLabel.TIMEOUT);
            case CONNECT_ERROR -> Responses.fail(exchange, 502, "upstream_unreachable", "could not connect to the upstream" + tries,
                    OutcomeLabel.UPSTREAM_ERROR);
            default -> Responses.fail(exchange, 502, "upstream_failed", "the upstream connection failed before a response" + tries,
                    OutcomeLabel.UPSTREAM_ERROR);
        };
    }

    /** Tells health, metrics and (on a change of health) the log how an attempt ended. */
    private void report(Exchange exchange, Attempt attempt, AttemptEnd end) {
        long now = clock.millis();
        ResolvedCandidate candidate = attempt.candidate();
        String service = attempt.route().serviceType();
        UpstreamHealth.Report r = router.health().report(candidate.id(), end, now, attempt.settings());
        metrics.attempt(service, candidate.id(), end.verdict());
        if (r.becameUnhealthy()) {
            events.warn("upstream_unhealthy", "provider", candidate.id().provider(), "provider_key", candidate.id().keyName(),
                    "service_type", service, "reason", end.verdict().label(), "status", end.status(), "error", end.error(),
                    "cooldown_ms", Math.max(0, r.after().cooldownUntil() - now),
                    "cooldown_until", Instant.ofEpochMilli(r.after().cooldownUntil()).toString(), "request_id", exchange.id());
        } else if (r.recovered()) {
            events.info("upstream_recovered", "provider", candidate.id().provider(), "provider_key", candidate.id().keyName(),
                    "service_type", service, "unhealthy_ms", Math.max(0, now - r.unhealthySince()), "request_id", exchange.id());
        }
    }
}
