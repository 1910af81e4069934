package piapi.config;

import java.util.List;

/**
 * How one user's calls to one service type reach upstream.
 *
 * @param strategy   how a candidate is chosen
 * @param candidates the upstreams in config order (a legacy {@code providerName/providerKeyName} route is one)
 * @param legacy     written in the single-upstream form ({@code providerName} + {@code providerKeyName}) (kept so the admin view shows it that way)
 */
public record Route(Strategy strategy, List<Candidate> candidates, boolean legacy) {
    public Route {
        candidates = List.copyOf(candidates);
    }
}
