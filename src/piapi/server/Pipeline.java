package piapi.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import piapi.admin.AdminApi;
import piapi.admin.AdminPage;
import piapi.config.ConfigHolder;
import piapi.config.ConfigSnapshot;
import piapi.http.Exchange;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;
import piapi.http.Responses;
import piapi.limits.Limiter;
import piapi.network.CidrSet;
import piapi.network.ClientAddress;
import piapi.network.IpAddress;
import piapi.observe.Events;
import piapi.observe.Metrics;
import piapi.observe.PrometheusText;
import piapi.observe.RequestMetrics;
import piapi.proxy.Forwarder;
import piapi.proxy.ProxyRequest;
import piapi.route.RouteDecision;
import piapi.route.Router;

/**
 * The request path, in the order a request meets it. Every exchange enters {@link #handle} and leaves
 * recorded; each stage is a method here or a small class with one job, and a stage that refuses returns
 * a value saying so ({@link Admission.Refused}, {@link RouteDecision.Rejected}, an {@link Outcome}), never
 * an exception.
 * <pre>
 *  accept     request id, client address, in-flight count, refuse while draining, catch-all   handle, guarded (here)
 *  surface    /piapi/* | /healthz | /metrics | /piadmin/api/* | /piadmin/ | /me/usage   serve, {@link Surface}
 *  admission  network lists -> path -> credential -> the user's network lists -> route of the service
 *             -> memory -> body -> model -> limits and quotas                  proxy, {@link AdmissionStage}s
 *  route      the first candidate: strategy + health                           {@link Router#route}
 *  attempts   send; fail over before the first byte                            {@link Forwarder#forward}
 *  relay      status, headers, body; relay taps see every chunk                {@link piapi.proxy.ResponseRelay}
 *  record     one outcome value -> metrics, request log, usage ledger, access log   {@link RequestRecorder}
 * </pre>
 */
public final class Pipeline implements HttpHandler {
    private final InFlight inFlight;
    private final ConfigHolder config;
    private final Metrics metrics;
    private final AdminApi admin; // null without PIAPI_ADMIN_TOKEN
    private final AdminPage page; // null without PIAPI_ADMIN_TOKEN
    private final RequestMetrics requestMetrics;
    private final Router router;
    private final Forwarder forwarder;
    private final RequestRecorder recorder;
    private final Events events;
    private final MyUsage myUsage;
    /** Admission, in order. Each stage lets the request on or refuses it; the first refusal is the answer. */
    private final AdmissionStage[] admission;

    public Pipeline(InFlight inFlight, ConfigHolder config, Metrics metrics, AdminApi admin, AdminPage page, RequestMetrics requestMetrics,
                    Router router, Forwarder forwarder, RequestRecorder recorder, Events events, RequestBodies bodies,
                    StreamMemory memory, Limiter limiter) {
        this.inFlight = inFlight;
        this.config = config;
        this.metrics = metrics;
        this.admin = admin;
        this.page = page;
        this.requestMetrics = requestMetrics;
        this.router = router;
        this.forwarder = forwarder;
        this.recorder = recorder;
        this.events = events;
        this.myUsage = new MyUsage(limiter);
        this.admission = new AdmissionStage[] {
                NetworkCheck.EVERYONE,  // 403: the global allow/deny lists, before anything of the request is looked up
                new TargetCheck(),      // 404 no service type, 426 websocket probe, 400 dot segments
                new CredentialCheck(),  // 401: the caller's piapi key -> user (digest lookup)
                NetworkCheck.USER,      // 403: the user's own allow/deny lists
                new RouteLookup(),      // 404: the user's route for the service type
                new MemoryAdmission(memory), // 503: no memory for another request in flight (a stream holds it for minutes)
                new BodyRead(bodies),   // 413: the body, kept whole so a failover can resend it (memory budget, else a file; 503)
                new ModelScan(),        // the model the body asks for (no refusal)
                new LimitCheck(limiter), // 429: limits and quotas (model caps need the model); holds a concurrency slot
        };
    }

    /** accept: counted from the first step to the last, given its id, served, recorded, then ended. */
    @Override
    public void handle(HttpExchange http) {
        inFlight.enter();
        try {
            Exchange exchange = Exchange.accept(http);
            ConfigSnapshot snapshot = config.current(); // read once: this snapshot serves the request to its end
            CidrSet trustedProxies = snapshot.settings().server().trustedProxies();
            if (!trustedProxies.isEmpty()) exchange.client(client(exchange, trustedProxies));
            Outcome outcome = guarded(exchange, snapshot);
            recorder.record(exchange, outcome);
            end(http, outcome);
        } finally {
            inFlight.leave();
        }
    }

    /**
     * Refuses the request while a shutdown drains; otherwise serves it. The catch-all: a fault inside piapi
     * becomes a JSON 500, or a dropped connection once the response has begun.
     */
    private Outcome guarded(Exchange exchange, ConfigSnapshot snapshot) {
        try {
            return inFlight.draining() ? refuseWhileDraining(exchange) : serve(exchange, snapshot);
        } catch (Throwable t) { // a bug or a resource failure: never let it take the connection down silently
            events.error("handler_failed", "request_id", exchange.id(), "path", exchange.path(),
                    "exception", t.getClass().getName(), "message", String.valueOf(t.getMessage()));
            return internalError(exchange, t.getClass().getSimpleName());
        }
    }

    /** A fault inside piapi: a JSON 500 when nothing was sent yet; else (or when that fails) a dropped connection. */
    private static Outcome internalError(Exchange exchange, String error) {
        if (!exchange.responseStarted()) {
            Outcome sent = Responses.fail(exchange, 500, "internal_error",
                    "piapi failed to handle this request; the gateway log has the details under this request id", OutcomeLabel.INTERNAL_ERROR);
            if (!sent.dropsConnection()) return new Outcome.Failed(OutcomeLabel.INTERNAL_ERROR, error);
        }
        return new Outcome.Broken(OutcomeLabel.INTERNAL_ERROR, error);
    }

    /**
     * The client address logs, audit events, network lists and limits see when the socket's peer may be a trusted
     * proxy: the address it says it saw ({@link ClientAddress}). Without trusted proxies the {@code X-Forwarded-For}
     * header is never read, and the client is the peer.
     */
    private static IpAddress client(Exchange exchange, CidrSet trustedProxies) {
        return ClientAddress.resolve(exchange.client(), exchange.requestHeaders().get("X-Forwarded-For"), trustedProxies);
    }

    /** surface: the part of piapi the path names. */
    private Outcome serve(Exchange exchange, ConfigSnapshot snapshot) {
        return switch (Surface.of(exchange.path())) {
            case PROXY -> proxy(exchange, snapshot);
            case HEALTHZ -> Responses.send(exchange, 200, Responses.TEXT, "ok\n");
            case METRICS -> Responses.send(exchange, 200, PrometheusText.CONTENT_TYPE, metrics.render());
            case ADMIN_API -> admin != null ? admin.serve(exchange) : notFound(exchange);
            case ADMIN_PAGE -> page != null ? page.serve(exchange)
                    : Responses.refuse(exchange, 404, "not_found", "the admin page and API are off; set PIAPI_ADMIN_TOKEN to turn them on");
            case MY_USAGE -> myUsage.serve(exchange, snapshot); // a user's own usage, by their piapi key
            case UNKNOWN -> notFound(exchange);
        };
    }

    /** admission, then route, attempts and relay, all under the request's one config snapshot. */
    private Outcome proxy(Exchange exchange, ConfigSnapshot snapshot) {
        ProxyCall call = new ProxyCall(exchange, snapshot);
        requestMetrics.proxyStarted();
        try {
            for (AdmissionStage stage : admission) {
                switch (stage.admit(call)) {
                    case Admission.Admitted next -> { }
                    case Admission.Refused refused -> {
                        return refuse(exchange, refused);
                    }
                    case Admission.ClientLeft left -> {
                        return Outcome.CLIENT_GONE;
                    }
                }
            }
            ProxyRequest request = call.admitted();
            return switch (router.route(request.route(), request.session(), request.settings().routing())) {
                case RouteDecision.Rejected r -> Responses.fail(exchange, r.status(), r.code(), r.message(), OutcomeLabel.UPSTREAM_ERROR);
                case RouteDecision.Routed r -> forwarder.forward(exchange, request, r.candidate()); // attempts and relay
            };
        } finally {
            call.release();
            requestMetrics.proxyEnded();
        }
    }

    private static Outcome refuse(Exchange exchange, Admission.Refused refused) {
        for (var header : refused.headers().entrySet()) exchange.responseHeaders().set(header.getKey(), header.getValue());
        if (refused.body() != null) return Responses.error(exchange, refused.status(), refused.body(), new Outcome.Refused(refused.code()));
        return Responses.refuse(exchange, refused.status(), refused.code(), refused.message());
    }

    /**
     * Once draining, a request arriving on a kept-alive connection gets 503 and the connection is closed after
     * it, so the drain ends and clients retry elsewhere or after the restart. New connections are refused by then.
     */
    private static Outcome refuseWhileDraining(Exchange exchange) {
        exchange.responseHeaders().set("Connection", "close");
        exchange.responseHeaders().set("Retry-After", "1");
        return Responses.refuse(exchange, 503, "shutting_down", "piapi is shutting down; retry the request");
    }

    private static Outcome notFound(Exchange exchange) {
        return Responses.refuse(exchange, 404, "not_found", "no such path; the proxy is under /piapi/<service type>/");
    }

    /**
     * Ends the exchange: cleanly, or, when the response broke or the client left, by dropping the connection.
     * The JDK server's only way to end a response without its final chunk is an exception out of the
     * handler, so that is what happens here, at the very edge, after the outcome was recorded as a value.
     */
    private static void end(HttpExchange http, Outcome outcome) {
        if (outcome.dropsConnection()) throw new ConnectionDrop();
        http.close();
    }

    /** Makes the JDK server close the connection; carries nothing (no stack trace). */
    private static final class ConnectionDrop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConnectionDrop() {
            super("connection dropped on purpose", null, false, false);
        }
    }
}
