package piapi.proxy;

import com.sun.net.httpserver.Headers;
import piapi.config.ResolvedRoute;
import piapi.config.Settings;
import piapi.http.Exchange;

/**
 * An admitted request as the forwarder sends it upstream: the client's method, headers, raw path rest and
 * raw query exactly as received, its body (kept whole, in memory or in a temporary file), and the route and
 * settings of the one config snapshot the request was admitted under.
 *
 * @param rest     the path after {@code /piapi/<service type>/}, still percent-encoded
 * @param rawQuery the client's query, still percent-encoded, or null
 * @param session  the client's session id (for session affinity), or null
 */
public record ProxyRequest(String requestId, String method, Headers headers, String rest, String rawQuery, RequestBody body,
                           String session, ResolvedRoute route, Settings settings) {

    /** The request being served by {@code exchange}, admitted with this route and body. */
    public static ProxyRequest of(Exchange exchange, String rest, RequestBody body, ResolvedRoute route, Settings settings) {
        Headers headers = exchange.requestHeaders();
        return new ProxyRequest(exchange.id(), exchange.method(), headers, rest, exchange.http().getRequestURI().getRawQuery(), body,
                SessionIds.of(headers), route, settings);
    }
}
