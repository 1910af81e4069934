package piapi.proxy;

import com.sun.net.httpserver.Headers;
import piapi.config.ConfigHolder;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.http.Exchange;
import piapi.http.Handler;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;
import piapi.http.Responses;
import piapi.route.RouteDecision;
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
 *  (the last two are the {@link Forwarder}'s, which fails over before the first byte)
 * </pre>
 */
public final class ProxyHandler implements Handler {
    private final ConfigHolder config;
    private final Router router;
    private final Forwarder forwarder;

    public ProxyHandler(ConfigHolder config, Router router, Forwarder forwarder) {
        this.config = config;
        this.router = router;
        this.forwarder = forwarder;
    }

    @Override
    public Outcome handle(Exchange exchange) {
        ServicePath path = ServicePath.parse(exchange.path());
        exchange.serviceType(path.serviceType());
        Headers headers = exchange.requestHeaders();
        if (path.serviceType().isEmpty()) {
            return Responses.refuse(exchange, 404, "missing_service_type", "the path must be /piapi/<service type>/...");
        }
        if (isWebSocketUpgrade(headers)) { // Codex probes with a websocket first; 426 makes it fall back at once
            return Responses.refuse(exchange, 426, "websocket_not_supported", "piapi proxies HTTP only; retry without Upgrade");
        }
        if (ServicePath.hasDotSegment(path.rest())) {
            return Responses.refuse(exchange, 400, "bad_path", "'.' and '..' path segments are not allowed");
        }
        ConfigSnapshot snapshot = config.current(); // the one read: this request sees this config to its end
        ResolvedRoute route;
        switch (UserKeys.lookup(headers, snapshot)) {
            case UserKeys.Refused refused -> {
                exchange.responseHeaders().set("WWW-Authenticate", "Bearer realm=\"piapi\"");
                return Responses.refuse(exchange, 401, refused.code(), refused.message());
            }
            case UserKeys.Found found -> {
                exchange.user(found.user().name());
                route = found.user().routes().get(path.serviceType());
            }
        }
        if (route == null) {
            return Responses.refuse(exchange, 404, "unknown_service", "service '" + path.serviceType() + "' is not configured for this key");
        }
        byte[] body;
        try {
            body = RequestBodies.read(exchange.http(), snapshot.settings().limits().maxRequestBodyBytes());
        } catch (RequestBodies.TooLarge e) {
            exchange.responseHeaders().set("Connection", "close"); // the unread rest of the body is not drained
            return Responses.refuse(exchange, 413, "request_too_large",
                    "the request body is larger than the limit of " + snapshot.settings().limits().maxRequestBodyBytes() + " bytes");
        } catch (java.io.IOException e) {
            return Outcome.CLIENT_GONE;
        }
        exchange.bytesIn(body.length);
        ProxyRequest request = ProxyRequest.of(exchange, path.rest(), body, route, snapshot.settings());
        return switch (router.route(route, request.session(), snapshot.settings().routing())) {
            case RouteDecision.Rejected r -> Responses.fail(exchange, r.status(), r.code(), r.message(), OutcomeLabel.UPSTREAM_ERROR);
            case RouteDecision.Routed r -> forwarder.forward(exchange, request, r.candidate());
        };
    }

    private static boolean isWebSocketUpgrade(Headers headers) {
        String upgrade = headers.getFirst("Upgrade");
        return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket");
    }
}
