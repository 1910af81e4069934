package piapi.server;

import java.util.Arrays;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.config.ResolvedUser;
import piapi.http.Exchange;
import piapi.proxy.ProxyRequest;
import piapi.proxy.RequestBody;

/**
 * A proxied request while admission runs: the one config snapshot it is served under, and what the stages
 * found so far. Resources a stage holds for the request's lifetime (a concurrency slot, a spilled body's
 * file) are closed when the request ends, latest first. Only the request's thread touches it.
 */
final class ProxyCall {
    private final Exchange exchange;
    private final ConfigSnapshot snapshot;
    private ServicePath path;
    private ResolvedUser user;
    private ResolvedRoute route;
    private RequestBody body;
    private AutoCloseable[] held;
    private int heldCount;

    ProxyCall(Exchange exchange, ConfigSnapshot snapshot) {
        this.exchange = exchange;
        this.snapshot = snapshot;
    }

    Exchange exchange() { return exchange; }
    ConfigSnapshot snapshot() { return snapshot; }
    /** The service type and the rest of the path; set by the first stage. */
    ServicePath path() { return path; }
    /** The caller, once the credential stage found them. */
    ResolvedUser user() { return user; }
    ResolvedRoute route() { return route; }

    void path(ServicePath p) {
        path = p;
        exchange.serviceType(p.serviceType());
    }

    void user(ResolvedUser u) {
        user = u;
        exchange.user(u.name());
    }

    void route(ResolvedRoute r) { route = r; }

    void body(RequestBody b) {
        body = b;
        exchange.bytesIn(b.length());
    }

    /** The body, once the body stage has read it (in memory or in a temporary file). */
    RequestBody body() { return body; }

    /** Keeps {@code resource} until the request ends, then closes it (a failure to close is ignored). */
    void hold(AutoCloseable resource) {
        if (held == null) held = new AutoCloseable[2];
        else if (heldCount == held.length) held = Arrays.copyOf(held, heldCount * 2);
        held[heldCount++] = resource;
    }

    /** The request as admission let it through, for the route and attempts stages. */
    ProxyRequest admitted() {
        return ProxyRequest.of(exchange, path.rest(), body, route, snapshot.settings());
    }

    /** Closes what the stages held, latest first. */
    void release() {
        while (heldCount > 0) {
            AutoCloseable r = held[--heldCount];
            held[heldCount] = null;
            try {
                r.close();
            } catch (Exception e) {
                // releasing is best effort: the request is over either way
            }
        }
    }
}
