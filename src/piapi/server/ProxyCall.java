package piapi.server;

import java.util.Arrays;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.config.ResolvedUser;
import piapi.http.Exchange;
import piapi.proxy.ProxyRequest;
import piapi.proxy.RequestBody;
import piapi.usage.Protocol;

/**
 * A proxied request while admission runs: the one config snapshot it is served under, and what the stages
 * found so far. Resources a stage holds for the request's lifetime (a concurrency slot, a spilled body's
 * file) are closed when the request ends, latest first. Only the request's thread touches it.
 */
final class ProxyCall {
    private final Exchange exchange;
    private final ConfigSnapshot snapshot;
    private final ServicePath path;
    private final Protocol protocol;
    private ResolvedUser user;
    private ResolvedRoute route;
    private RequestBody body;
    private String model;
    private AutoCloseable[] held;
    private int heldCount;

    ProxyCall(Exchange exchange, ConfigSnapshot snapshot) {
        this.exchange = exchange;
        this.snapshot = snapshot;
        this.path = ServicePath.parse(exchange.path());
        exchange.serviceType(path.serviceType());
        this.protocol = protocol(path.rest(), exchange);
        exchange.countTokens(protocol.countsTokensOnly());
    }

    /** The header only matters for a path the suffix leaves open (a bare {@code .../messages}): read it only then. */
    private static Protocol protocol(String rest, Exchange exchange) {
        Protocol byPath = Protocol.of(rest, null);
        if (byPath != Protocol.OTHER) return byPath;
        String version = exchange.requestHeaders().getFirst("anthropic-version");
        return version == null ? byPath : Protocol.of(rest, version);
    }

    Exchange exchange() { return exchange; }
    ConfigSnapshot snapshot() { return snapshot; }
    /** The service type and the rest of the path, split when the request arrives (checked by {@link TargetCheck}). */
    ServicePath path() { return path; }
    /** The API the request speaks, from its path and {@code anthropic-version} header: for usage and error envelopes. */
    Protocol protocol() { return protocol; }
    /** The caller, once the credential stage found them. */
    ResolvedUser user() { return user; }
    ResolvedRoute route() { return route; }

    void user(ResolvedUser u) {
        user = u;
        exchange.user(u.name());
    }

    void route(ResolvedRoute r) { route = r; }
    /** The model the request asks for, once {@link ModelScan} read it (null when it names none). */
    String model() { return model; }
    void model(String m) { model = m; }

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
