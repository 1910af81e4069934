package piapi.server;

import java.util.Map;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedUser;
import piapi.http.Exchange;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;
import piapi.http.Responses;
import piapi.limits.Limiter;
import piapi.limits.LimitsJson;
import piapi.limits.UserLimitsView;
import piapi.network.NetworkList;

/**
 * {@code GET /me/usage}: a user's own tokens and cost today and this month, their limits, what remains and
 * when each resets, read from the very counters the limiter admits their requests by. Authenticated by the
 * user's own piapi key, found as the proxy finds it ({@code Authorization: Bearer} or {@code x-api-key}), and
 * subject to the same network lists; never cached ({@code Cache-Control: no-store}). Errors are piapi's.
 */
final class MyUsage {
    private static final Map<String, String> ALLOW = Map.of("Allow", "GET, HEAD");

    private final Limiter limiter;

    MyUsage(Limiter limiter) {
        this.limiter = limiter;
    }

    Outcome serve(Exchange exchange, ConfigSnapshot snapshot) {
        exchange.responseHeaders().set("Cache-Control", "no-store");
        String method = exchange.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return refuse(exchange, new Admission.Refused(405, "method_not_allowed", method + " is not supported on /me/usage; use GET", ALLOW));
        }
        if (!snapshot.settings().network().permits(exchange.client())) return forbidden(exchange);
        ResolvedUser user = CredentialCheck.user(exchange.requestHeaders(), snapshot);
        if (user == null) return refuse(exchange, CredentialCheck.refusal(exchange.requestHeaders()));
        exchange.user(user.name());
        if (!user.network().permits(exchange.client())) return forbidden(exchange);
        UserLimitsView view = limiter.status(user.name());
        if (view == null) { // a user a reload has just added, before the limiter has heard of the reload
            exchange.responseHeaders().set("Retry-After", "1");
            return Responses.fail(exchange, 503, "usage_unavailable", "your usage is not counted yet; retry in a second",
                    OutcomeLabel.INTERNAL_ERROR);
        }
        return Responses.send(exchange, 200, Responses.JSON, LimitsJson.me(view));
    }

    private static Outcome forbidden(Exchange exchange) {
        return Responses.refuse(exchange, 403, "address_denied", "requests from " + exchange.clientAddress() + " may not use piapi");
    }

    private static Outcome refuse(Exchange exchange, Admission.Refused refused) {
        for (var header : refused.headers().entrySet()) exchange.responseHeaders().set(header.getKey(), header.getValue());
        return Responses.refuse(exchange, refused.status(), refused.code(), refused.message());
    }
}
