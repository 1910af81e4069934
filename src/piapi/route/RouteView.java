package piapi.route;

import java.util.List;
import piapi.config.Strategy;

/**
 * One user's route for one service type, with the live state of its candidates (the admin view).
 *
 * @param sessions sessions currently pinned to a candidate of this route by session affinity
 */
public record RouteView(String user, String serviceType, Strategy strategy, boolean sessionAffinity, int sessions,
                        List<CandidateView> candidates) {
    public RouteView {
        candidates = List.copyOf(candidates);
    }
}
