package piapi.route;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import piapi.config.CandidateId;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.config.ResolvedUser;
import piapi.config.RoutingSettings;
import piapi.config.Strategy;
import piapi.config.ResolvedCandidate;

/**
 * Chooses the upstream for each attempt of a request. A candidate is <em>eligible</em> when it is
 * enabled, not yet tried by this request, and not cooling down. Among the eligible: a session's
 * remembered candidate first (session affinity), else the route's strategy:
 * <ul>
 * <li>{@code round_robin}: each in turn;</li>
 * <li>{@code weighted_rr}: smooth weighted round robin (shares by weight, interleaved);</li>
 * <li>{@code adaptive_rr}: the same with weights scaled by {@code max(floor, 1 - recent error rate)};</li>
 * <li>{@code sticky_healthy}: the first candidate when it is eligible (so traffic returns to it once it
 * has recovered), else the one that last succeeded, else the first eligible in config order.</li>
 * </ul>
 * When nothing is eligible, a request's first attempt still goes to the candidate whose cooldown ends
 * first, so a failure never locks a user out; a failover never goes to a cooling candidate.
 * Time comes from the injected clock, so every strategy is deterministic under test.
 */
public final class Router {
    private final Clock clock;
    private final UpstreamHealth health = new UpstreamHealth();
    private final SessionAffinity affinity = new SessionAffinity();
    private final ConcurrentHashMap<String, RouteState> states = new ConcurrentHashMap<>();

    public Router(Clock clock) {
        this.clock = clock;
    }

    public UpstreamHealth health() {
        return health;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The route stage: the candidate of a request's first attempt. When every enabled candidate is cooling
     * down, the one whose cooldown ends first still takes it, so a failure never locks a user out; only a
     * route with no enabled candidate is rejected (503).
     */
    public RouteDecision route(ResolvedRoute route, String session, RoutingSettings settings) {
        ResolvedCandidate first = choose(route, List.of(), session, true, settings);
        return first != null ? new RouteDecision.Routed(first)
                : new RouteDecision.Rejected(503, "no_upstream", "no enabled upstream for service '" + route.serviceType() + "'");
    }

    /**
     * The candidate for the next attempt, or null when none is left.
     *
     * @param tried        candidates this request already tried (never chosen again)
     * @param session      the client's session id, or null
     * @param firstAttempt true for a request's first attempt, which may go to a cooling candidate when
     *                     every candidate is cooling; failovers only go to eligible ones
     */
    public ResolvedCandidate choose(ResolvedRoute route, List<ResolvedCandidate> tried, String session, boolean firstAttempt, RoutingSettings settings) {
        long now = clock.millis();
        List<ResolvedCandidate> all = route.upstreams();
        int n = all.size();
        boolean[] eligible = new boolean[n];
        int count = 0;
        int only = -1;
        for (int i = 0; i < n; i++) {
            ResolvedCandidate u = all.get(i);
            if (u.candidate().enabled() && !tried.contains(u) && !health.coolingDown(u.id(), now)) {
                eligible[i] = true;
                count++;
                only = i;
            }
        }
        if (count == 0) return firstAttempt ? soonestOutOfCooldown(all, tried) : null;
        if (n > 1 && settings.sessionAffinity() && session != null) {
            CandidateId pinned = affinity.get(route.stateKey(), session, now, settings.affinityTtl().toMillis());
            if (pinned != null) {
                for (int i = 0; i < n; i++) if (eligible[i] && all.get(i).id().equals(pinned)) return all.get(i);
            }
        }
        if (count == 1) return all.get(only);
        RouteState state = state(route);
        int pick = switch (route.strategy()) {
            case ROUND_ROBIN -> nthEligible(eligible, (int) Math.floorMod(state.nextCount(), (long) count));
            case WEIGHTED_RR -> state.pickSmooth(eligible, state.weights());
            case ADAPTIVE_RR -> state.pickSmooth(eligible, adaptiveWeights(all, now, settings));
            case STICKY_HEALTHY -> sticky(all, eligible, state);
        };
        return all.get(pick);
    }

    /**
     * The request is being answered by {@code upstream} with a success status: a sticky route stays on
     * it, and the session is pinned to it. Called when the response is committed, before it is relayed,
     * so a session's concurrent requests follow at once.
     */
    public void answered(ResolvedRoute route, ResolvedCandidate upstream, String session, RoutingSettings settings) {
        if (route.upstreams().size() < 2) return;
        if (route.strategy() == Strategy.STICKY_HEALTHY) state(route).sticky(upstream.id());
        if (settings.sessionAffinity() && session != null) {
            affinity.put(route.stateKey(), session, upstream.id(), clock.millis(), settings);
        }
    }

    private RouteState state(ResolvedRoute route) {
        RouteState s = states.get(route.stateKey());
        if (s != null && s.fits(route)) return s;
        return states.compute(route.stateKey(), (k, old) -> old != null && old.fits(route) ? old
                : new RouteState(route, old == null ? null : old.sticky()));
    }

    private static int nthEligible(boolean[] eligible, int nth) {
        for (int i = 0; i < eligible.length; i++) {
            if (eligible[i] && nth-- == 0) return i;
        }
        throw new IllegalStateException("fewer eligible candidates than counted");
    }

    private double[] adaptiveWeights(List<ResolvedCandidate> all, long now, RoutingSettings s) {
        double[] w = new double[all.size()];
        for (int i = 0; i < w.length; i++) w[i] = adaptiveWeight(all.get(i), now, s);
        return w;
    }

    private double adaptiveWeight(ResolvedCandidate u, long now, RoutingSettings s) {
        double rate = health.recentErrorRate(u.id(), now, s.adaptiveHalfLife().toMillis());
        return u.candidate().weight() * Math.max(s.adaptiveFloor(), 1 - rate);
    }

    private static int sticky(List<ResolvedCandidate> all, boolean[] eligible, RouteState state) {
        int preferred = -1;
        for (int i = 0; i < all.size() && preferred < 0; i++) if (all.get(i).candidate().enabled()) preferred = i;
        if (preferred >= 0 && eligible[preferred]) return preferred;
        CandidateId current = state.sticky();
        if (current != null) {
            for (int i = 0; i < all.size(); i++) if (eligible[i] && all.get(i).id().equals(current)) return i;
        }
        for (int i = 0; i < all.size(); i++) if (eligible[i]) return i;
        throw new IllegalStateException("no eligible candidate");
    }

    /** Every enabled, untried candidate is cooling: the one whose cooldown ends first (config order on ties). */
    private ResolvedCandidate soonestOutOfCooldown(List<ResolvedCandidate> all, List<ResolvedCandidate> tried) {
        ResolvedCandidate best = null;
        long bestUntil = Long.MAX_VALUE;
        for (ResolvedCandidate u : all) {
            if (!u.candidate().enabled() || tried.contains(u)) continue;
            long until = health.cooldownUntil(u.id());
            if (best == null || until < bestUntil) {
                best = u;
                bestUntil = until;
            }
        }
        return best;
    }

    /** Follows a new config: health and rotation state of what is gone are dropped, the rest is kept. */
    public void configChanged(ConfigSnapshot snapshot) {
        Map<CandidateId, String> keys = new HashMap<>();
        Map<String, Set<CandidateId>> routes = new HashMap<>();
        for (ResolvedUser user : snapshot.users()) {
            for (ResolvedRoute route : user.routes().values()) {
                Set<CandidateId> ids = new HashSet<>();
                for (ResolvedCandidate u : route.upstreams()) {
                    keys.put(u.id(), u.key().fingerprint());
                    ids.add(u.id());
                }
                routes.put(route.stateKey(), ids);
            }
        }
        health.retain(keys);
        states.keySet().retainAll(routes.keySet());
        affinity.retain(routes);
    }

    /** The route with the live state of its candidates, for the admin view. */
    public RouteView describe(ResolvedRoute route, RoutingSettings settings) {
        long now = clock.millis();
        long halfLife = settings.adaptiveHalfLife().toMillis();
        RouteState state = route.upstreams().size() > 1 ? states.get(route.stateKey()) : null;
        CandidateId sticky = route.strategy() == Strategy.STICKY_HEALTHY && state != null ? state.sticky() : null;
        List<CandidateView> candidates = new ArrayList<>();
        for (ResolvedCandidate u : route.upstreams()) {
            HealthView h = health.view(u.id(), now, halfLife);
            double effective = route.strategy() == Strategy.ADAPTIVE_RR ? adaptiveWeight(u, now, settings) : u.candidate().weight();
            candidates.add(new CandidateView(u.id(), u.candidate().weight(), u.candidate().enabled(), u.candidate().tags(),
                    u.candidate().enabled() && !health.coolingDown(u.id(), now), effective, u.id().equals(sticky), h));
        }
        int sessions = settings.sessionAffinity() ? affinity.count(route.stateKey(), now, settings.affinityTtl().toMillis()) : 0;
        return new RouteView(route.userName(), route.serviceType(), route.strategy(), settings.sessionAffinity(), sessions, candidates);
    }
}
