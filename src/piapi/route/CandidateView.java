package piapi.route;

import java.util.List;
import piapi.config.CandidateId;

/**
 * One candidate of a route as the admin view shows it: its config, whether the router may choose it
 * now, the weight it is chosen with, and its health. No key, only the key's name.
 *
 * @param eligible        enabled and not cooling down
 * @param effectiveWeight the weight the strategy uses: for adaptive_rr the weight scaled by
 *                        {@code max(floor, 1 - recent error rate)}, otherwise the configured weight
 * @param current         the sticky candidate of a sticky_healthy route
 */
public record CandidateView(CandidateId id, int weight, boolean enabled, List<String> tags, boolean eligible,
                            double effectiveWeight, boolean current, HealthView health) {
    public CandidateView {
        tags = List.copyOf(tags);
    }
}
