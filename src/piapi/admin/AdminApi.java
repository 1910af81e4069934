package piapi.admin;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import piapi.config.Secret;
import piapi.http.Exchange;
import piapi.http.Outcome;

/**
 * {@code /piadmin/api/*}: bearer-token authentication (constant-time, with a lockout for addresses
 * that keep failing), then dispatch by method and path to the endpoints features register.
 * Every answer carries {@code Cache-Control: no-store}; errors are piapi's JSON error shape.
 */
public final class AdminApi {
    public static final String PREFIX = "/piadmin/api";

    private final Secret token;
    private final FailedLogins failures;
    private final Map<String, AdminEndpoint> endpoints = new ConcurrentHashMap<>();

    public AdminApi(Secret token, FailedLogins failures) {
        this.token = token;
        this.failures = failures;
    }

    /** Registers {@code method path} (path relative to {@link #PREFIX}, e.g. {@code /status}). */
    public AdminApi on(String method, String path, AdminEndpoint endpoint) {
        if (endpoints.putIfAbsent(method + " " + path, endpoint) != null) {
            throw new IllegalStateException("admin endpoint " + method + " " + path + " registered twice");
        }
        return this;
    }

    /** Answers one request under {@link #PREFIX}; returns how that ended. */
    public Outcome serve(Exchange served) {
        AdminRequest request = new AdminRequest(served, token.fingerprint());
        try {
            answer(request, served.path());
        } catch (IOException e) { // reading the request body failed: the client went away
            return Outcome.CLIENT_GONE;
        }
        return request.outcome() != null ? request.outcome() : Outcome.COMPLETED;
    }

    private void answer(AdminRequest request, String fullPath) throws IOException {
        var exchange = request.exchange();
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
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
        String path = fullPath.substring(PREFIX.length());
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1); // one trailing slash is fine
        AdminEndpoint endpoint = endpoints.get(exchange.getRequestMethod() + " " + path);
        if (endpoint != null) {
            endpoint.handle(request);
        } else if (knownPath(path)) {
            request.error(405, "method_not_allowed", exchange.getRequestMethod() + " is not supported on " + PREFIX + path);
        } else {
            request.error(404, "not_found", "no admin endpoint " + PREFIX + path);
        }
    }

    private boolean knownPath(String path) {
        for (String key : endpoints.keySet()) if (key.substring(key.indexOf(' ') + 1).equals(path)) return true;
        return false;
    }

    private boolean authorized(String header) {
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return token.matches(header.substring(7).strip());
    }
}
