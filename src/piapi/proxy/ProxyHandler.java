package piapi.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import piapi.config.ConfigHolder;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.http.Handler;
import piapi.http.RequestRecord;
import piapi.http.Responses;

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
 *  (the last three are the {@link Forwarder}'s, which fails over before the first byte)
 * </pre>
 */
public final class ProxyHandler implements Handler {
    private final ConfigHolder config;
    private final Forwarder forwarder;

    public ProxyHandler(ConfigHolder config, Forwarder forwarder) {
        this.config = config;
        this.forwarder = forwarder;
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
        forwarder.forward(exchange, record, snapshot, route, path, body);
    }

    private static boolean isWebSocketUpgrade(Headers headers) {
        String upgrade = headers.getFirst("Upgrade");
        return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket");
    }
}
