package piapi.proxy;

import java.util.ArrayList;
import java.util.List;
import piapi.config.ResolvedCandidate;
import piapi.config.ResolvedRoute;
import piapi.config.RoutingSettings;
import piapi.config.Timeouts;

/**
 * One try of a request at one candidate: the request, the candidate, when the try and the request's first
 * try began, which try this is, and the candidates tried so far (this one included; never chosen again).
 *
 * @param startedAt      when this attempt began (epoch ms, the router's clock)
 * @param number         1 for the first attempt
 * @param firstStartedAt when the request's first attempt began: the failover window counts from it
 */
record Attempt(ProxyRequest request, ResolvedCandidate candidate, long startedAt, int number, long firstStartedAt,
               List<ResolvedCandidate> tried) {

    static Attempt first(ProxyRequest request, ResolvedCandidate candidate, long now) {
        return new Attempt(request, candidate, now, 1, now, List.of(candidate));
    }

    /** The attempt after this one, at {@code next}. */
    Attempt next(ResolvedCandidate next, long now) {
        List<ResolvedCandidate> all = new ArrayList<>(tried.size() + 1);
        all.addAll(tried);
        all.add(next);
        return new Attempt(request, next, now, number + 1, firstStartedAt, List.copyOf(all));
    }

    ResolvedRoute route() {
        return request.route();
    }

    String session() {
        return request.session();
    }

    RoutingSettings settings() {
        return request.settings().routing();
    }

    Timeouts timeouts() {
        return request.settings().timeouts();
    }

    /** Whether another attempt is allowed after this one: attempts and the failover window left. */
    boolean mayFailOver(long now) {
        return number < settings().maxAttempts() && now - firstStartedAt < settings().failoverWindow().toMillis();
    }
}
