package piapi.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import piapi.config.Secret;
import piapi.http.Handler;
import piapi.http.RequestRecord;

/**
 * {@code /piadmin/api/*}: bearer-token authentication (constant-time, with a lockout for addresses
 * that keep failing), then dispatch by method and path to the endpoints features register.
 * Every answer carries {@code Cache-Control: no-store}; errors are piapi's JSON error shape.
 */
public final class AdminApi implements Handler {
    public static final String PREFIX = "/piadmin/api";

    private final Secret token;
    private final FailedLogins failures;
    private final AdminRoutes routes = new AdminRoutes();

    public AdminApi(Secret token, FailedLogins failures) {
        this.token = token;
        this.failures = failures;
    }

    /** The token's fingerprint (the first 12 hex digits of its SHA-256): who admin changes are attributed to. */
    public String tokenFingerprint() {
        return token.fingerprint();
    }

    /**
     * Registers {@code method path} (path relative to {@link #PREFIX}, e.g. {@code /status}); a segment
     * written {@code {name}} matches any one segment, handed to the endpoint as {@link AdminRequest#pathParam}.
     */
    public AdminApi on(String method, String path, AdminEndpoint endpoint) {
        routes.add(method, path, endpoint);
        return this;
    }

    @Override
    public void handle(HttpExchange exchange, RequestRecord record) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        AdminRequest request = new AdminRequest(exchange, record, token.fingerprint());
        String address = request.clientAddress();
        long retryAfter = failures.lockedForSeconds(address);
        if (retryAfter > 0) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter));
            request.error(429, "too_many_failed_logins", "too many failed admin logins from this address; retry later");
            return;
        }
        if (!authorized(request.header("Authorization"))) {
            failures.failed(address);
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"piapi-admin\"");
            request.error(401, "unauthorized", "send the admin token as 'Authorization: Bearer <token>'");
            return;
        }
        failures.succeeded(address);
        String path = record.path().substring(PREFIX.length());
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1); // one trailing slash is fine
        AdminRoutes.Match match = routes.find(exchange.getRequestMethod(), path);
        if (match.endpoint() != null) {
            request.pathParams(match.params());
            match.endpoint().handle(request);
        } else if (match.pathKnown()) {
            request.error(405, "method_not_allowed", exchange.getRequestMethod() + " is not supported on " + PREFIX + path);
        } else {
            request.error(404, "not_found", "no admin endpoint " + PREFIX + path);
        }
    }

    private boolean authorized(String header) {
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return token.matches(header.substring(7).strip());
    }
}
