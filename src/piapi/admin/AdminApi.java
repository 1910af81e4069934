package piapi.admin;

import java.io.IOException;
import piapi.config.Secret;
import piapi.http.Exchange;
import piapi.http.Outcome;

/**
 * {@code /piadmin/api/*}: bearer-token authentication, then dispatch by method and path to the endpoints
 * features register. Every answer carries {@code Cache-Control: no-store}; errors are piapi's JSON error shape.
 *
 * <p>The right token always works. There is no lockout: behind a reverse proxy every admin shares one
 * address, and a lockout would let anyone who can reach the port keep the team lead out. Guessing is
 * answered by the token's length instead ({@link AdminToken}), and failures are counted and logged
 * ({@link AdminAuthFailures}). A request without a credential is not a guess and is not counted.
 */
public final class AdminApi {
    public static final String PREFIX = "/piadmin/api";

    private final Secret token;
    private final AdminAuthFailures failures;
    private final AdminRoutes routes = new AdminRoutes();

    public AdminApi(Secret token, AdminAuthFailures failures) {
        this.token = token;
        this.failures = failures;
    }

    /**
     * Registers {@code method path} (path relative to {@link #PREFIX}, e.g. {@code /status}); a segment
     * written {@code {name}} matches any one segment, handed to the endpoint as {@link AdminRequest#pathParam}.
     */
    public AdminApi on(String method, String path, AdminEndpoint endpoint) {
        routes.add(method, path, endpoint);
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
        if (!authenticated(request)) return;
        String path = fullPath.substring(PREFIX.length());
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

    /** True for the right token; otherwise answers 401 (counting and logging a wrong credential) and returns false. */
    private boolean authenticated(AdminRequest request) throws IOException {
        String header = request.header("Authorization");
        String presented = header == null ? "" : header.strip();
        if (presented.isEmpty() || presented.equalsIgnoreCase("Bearer")) {
            return refuse(request, "no admin token was sent: send it as 'Authorization: Bearer <token>'");
        }
        AdminAuthFailures.Reason reason;
        if (!presented.regionMatches(true, 0, "Bearer ", 0, 7)) {
            reason = AdminAuthFailures.Reason.WRONG_SCHEME;
        } else {
            String value = presented.substring(7).strip();
            if (value.isEmpty()) return refuse(request, "no admin token was sent: send it as 'Authorization: Bearer <token>'");
            if (token.matches(value)) return true;
            reason = AdminAuthFailures.Reason.WRONG_TOKEN;
        }
        failures.failed(reason, request.clientAddress(), request.exchange().getRequestMethod(), request.path());
        return refuse(request, reason == AdminAuthFailures.Reason.WRONG_TOKEN
                ? "the admin token is not right; send PIAPI_ADMIN_TOKEN's value as 'Authorization: Bearer <token>'"
                : "send the admin token as 'Authorization: Bearer <token>'");
    }

    private static boolean refuse(AdminRequest request, String message) {
        request.exchange().getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"piapi-admin\"");
        request.error(401, "unauthorized", message);
        return false;
    }
}
