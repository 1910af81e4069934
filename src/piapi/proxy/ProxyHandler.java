package piapi.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import piapi.config.ConfigHolder;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.config.Timeouts;
import piapi.config.Upstream;
import piapi.http.Handler;
import piapi.http.Outcome;
import piapi.http.RequestRecord;
import piapi.http.Responses;
import piapi.route.Router;

/**
 * {@code /piapi/<service>/<rest>}: the request lifecycle.
 * <pre>
 *  path -> service + rest    (404 no service, 400 dot segment, 426 websocket)
 *  key  -> user              (401, one snapshot read, digest lookup)
 *  user -> route             (404 service not configured for this user)
 *  body -> buffered          (413 over the limit)
 *  route -> upstream         (503 none enabled)
 *  send -> response headers  (502 unreachable, 504 no first byte in time)
 *  relay status, headers, body (flushed per read for SSE; abrupt end on a break)
 * </pre>
 */
public final class ProxyHandler implements Handler {
    private final ConfigHolder config;
    private final Router router;
    private final UpstreamClients clients;
    private final IdleWatchdog watchdog;

    public ProxyHandler(ConfigHolder config, Router router, UpstreamClients clients, IdleWatchdog watchdog) {
        this.config = config;
        this.router = router;
        this.clients = clients;
        this.watchdog = watchdog;
    }

    @Override
    public void handle(HttpExchange exchange, RequestRecord record) throws IOException {
        ServicePath path = ServicePath.parse(record.path());
        record.serviceType(path.serviceType());
        Headers headers = exchange.getRequestHeaders();
        if (path.serviceType().isEmpty()) {
            Responses.error(exchange, record, 404, "missing_service_type", "the path must be /piapi/<service type>/...");
            return;
        }
        if (isWebSocketUpgrade(headers)) { // Codex probes with a websocket first; 426 makes it fall back at once
            Responses.error(exchange, record, 426, "websocket_not_supported", "piapi proxies HTTP only; retry without Upgrade");
            return;
        }
        if (ServicePath.hasDotSegment(path.rest())) {
            Responses.error(exchange, record, 400, "bad_path", "'.' and '..' path segments are not allowed");
            return;
        }
        ConfigSnapshot snapshot = config.current(); // the one read: this request sees this config to its end
        ResolvedRoute route;
        switch (UserKeys.lookup(headers, snapshot)) {
            case UserKeys.Refused refused -> {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"piapi\"");
                Responses.error(exchange, record, 401, refused.code(), refused.message());
                return;
            }
            case UserKeys.Found found -> {
                record.user(found.user().name());
                route = found.user().routes().get(path.serviceType());
            }
        }
        if (route == null) {
            Responses.error(exchange, record, 404, "unknown_service",
                    "service '" + path.serviceType() + "' is not configured for this key");
            return;
        }
        byte[] body;
        try {
            body = RequestBodies.read(exchange, snapshot.settings().limits().maxRequestBodyBytes());
        } catch (RequestBodies.TooLarge e) {
            exchange.getResponseHeaders().set("Connection", "close"); // the unread rest of the body is not drained
            Responses.error(exchange, record, 413, "request_too_large",
                    "the request body is larger than the limit of " + snapshot.settings().limits().maxRequestBodyBytes() + " bytes");
            return;
        }
        record.bytesIn(body.length);
        forward(exchange, record, snapshot, route, path, body);
    }

    private void forward(HttpExchange exchange, RequestRecord record, ConfigSnapshot snapshot, ResolvedRoute route,
                         ServicePath path, byte[] body) throws IOException {
        Upstream upstream = router.choose(route, List.of());
        if (upstream == null) {
            record.outcome(Outcome.UPSTREAM_ERROR);
            Responses.error(exchange, record, 503, "no_upstream", "no enabled upstream for service '" + route.serviceType() + "'");
            return;
        }
        record.upstream(upstream.id().provider(), upstream.id().keyName());
        record.attempt();
        Timeouts timeouts = snapshot.settings().timeouts();
        HttpRequest request;
        try {
            request = UpstreamRequests.build(exchange.getRequestMethod(), exchange.getRequestHeaders(), path.rest(),
                    exchange.getRequestURI().getRawQuery(), body, upstream, timeouts.firstByte(), record.id());
        } catch (UpstreamRequests.BadTarget e) {
            Responses.error(exchange, record, 400, "bad_path", "the path or query cannot be forwarded as a URL");
            return;
        }
        long sent = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = clients.send(request, body, timeouts.connect());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            failed(exchange, record, sent, Outcome.UPSTREAM_ERROR, 502, "upstream_unreachable",
                    "could not connect to the upstream (" + e.getClass().getSimpleName() + ")");
            return;
        } catch (HttpTimeoutException e) {
            failed(exchange, record, sent, Outcome.TIMEOUT, 504, "upstream_timeout",
                    "the upstream sent no response within " + timeouts.firstByte().toSeconds() + "s");
            return;
        } catch (IOException e) {
            failed(exchange, record, sent, Outcome.UPSTREAM_ERROR, 502, "upstream_failed",
                    "the upstream request failed before a response (" + e.getClass().getSimpleName() + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(exchange, record, sent, Outcome.UPSTREAM_ERROR, 503, "shutting_down", "piapi is shutting down");
            return;
        }
        long now = System.nanoTime();
        record.addUpstreamWait(now - sent);
        record.firstByteAt(now);
        record.upstreamStatus(response.statusCode());
        ResponseRelay.relay(exchange, response, record, watchdog, timeouts.idle().toNanos());
    }

    private static void failed(HttpExchange exchange, RequestRecord record, long sent, Outcome outcome, int status,
                               String code, String message) throws IOException {
        record.addUpstreamWait(System.nanoTime() - sent);
        record.outcome(outcome);
        record.error(code);
        Responses.error(exchange, record, status, code, message);
    }

    private static boolean isWebSocketUpgrade(Headers headers) {
        String upgrade = headers.getFirst("Upgrade");
        return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket");
    }
}
