package piapi.route;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import piapi.config.ResolvedRoute;
import piapi.config.Upstream;

/**
 * Picks the upstream for a request. Rotation state lives here, keyed by the route's state key, outside
 * the config snapshot, so a reload does not reset it. Until the health-aware strategies land, every
 * route rotates round robin over its enabled candidates.
 */
public final class Router {
    private final ConcurrentHashMap<String, AtomicLong> cursors = new ConcurrentHashMap<>();

    /** The next enabled candidate not in {@code tried}, or null when none is left. */
    public Upstream choose(ResolvedRoute route, List<Upstream> tried) {
        List<Upstream> all = route.upstreams();
        if (all.size() == 1) {
            Upstream only = all.get(0);
            return only.candidate().enabled() && !tried.contains(only) ? only : null;
        }
        long start = cursors.computeIfAbsent(route.stateKey(), k -> new AtomicLong()).getAndIncrement();
        for (int i = 0; i < all.size(); i++) {
            Upstream u = all.get((int) Math.floorMod(start + i, (long) all.size()));
            if (u.candidate().enabled() && !tried.contains(u)) return u;
        }
        return null;
    }
}
