package piapi.config;

import java.util.List;

/**
 * A user's route for one service type, ready to serve: its candidates resolved to {@link ResolvedCandidate}s in
 * config order. {@code stateKey} names the route's runtime state (rotation cursor, stickiness), which
 * lives outside the snapshot and so survives reloads; it never contains a key.
 */
public record ResolvedRoute(String userName, String serviceType, Strategy strategy, List<ResolvedCandidate> upstreams, String stateKey) {
    public ResolvedRoute {
        upstreams = List.copyOf(upstreams);
    }
}
