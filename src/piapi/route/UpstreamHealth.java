package piapi.route;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import piapi.config.CandidateId;
import piapi.config.RoutingSettings;

/**
 * Health of every upstream key, by (provider, key name). It lives outside the config snapshots, so a
 * reload keeps it; {@link #retain} drops the keys that left the config and starts afresh for a key whose
 * secret changed (a replaced key must not inherit the old one's "revoked" cooldown).
 */
public final class UpstreamHealth {
    private final ConcurrentHashMap<CandidateId, CandidateHealth> byId = new ConcurrentHashMap<>();

    CandidateHealth get(CandidateId id) {
        return byId.get(id);
    }

    private CandidateHealth getOrCreate(CandidateId id) {
        CandidateHealth h = byId.get(id);
        return h != null ? h : byId.computeIfAbsent(id, k -> new CandidateHealth(k, ""));
    }

    /** Whether the candidate is in a cooldown at {@code now} (lock-free). */
    public boolean coolingDown(CandidateId id, long now) {
        CandidateHealth h = byId.get(id);
        return h != null && h.coolingDown(now);
    }

    /** When the candidate's cooldown ends; 0 when it never had one. */
    public long cooldownUntil(CandidateId id) {
        CandidateHealth h = byId.get(id);
        return h == null ? 0 : h.cooldownUntil();
    }

    public double recentErrorRate(CandidateId id, long now, long halfLifeMillis) {
        CandidateHealth h = byId.get(id);
        return h == null ? 0 : h.recentErrorRate(now, halfLifeMillis);
    }

    /** Records one attempt's end; see {@link CandidateHealth#report}. Returns the transition and the state after it. */
    public Report report(CandidateId id, AttemptEnd end, long now, RoutingSettings settings) {
        CandidateHealth.Reported r = getOrCreate(id).report(end, now, settings);
        return new Report(r.transition() == CandidateHealth.Transition.UNHEALTHY,
                r.transition() == CandidateHealth.Transition.RECOVERED, r.unhealthySince(), r.after());
    }

    /**
     * What one report changed.
     *
     * @param becameUnhealthy the first failure after a success (emit {@code upstream_unhealthy})
     * @param recovered       the first success after failures (emit {@code upstream_recovered})
     * @param unhealthySince  when the failing began (epoch ms; 0 when it was healthy before this report)
     */
    public record Report(boolean becameUnhealthy, boolean recovered, long unhealthySince, HealthView after) {}

    /** The candidate's health at {@code now}; a fresh view when nothing was reported yet. */
    public HealthView view(CandidateId id, long now, long halfLifeMillis) {
        return getOrCreate(id).view(now, halfLifeMillis);
    }

    /** The health gauge: 1 when no failure happened since the last success. */
    public boolean healthy(CandidateId id, long now) {
        CandidateHealth h = byId.get(id);
        return h == null || h.healthy(now);
    }

    /**
     * Follows a new config: keeps the state of every key still referenced whose secret is unchanged,
     * starts afresh for new or changed keys, and forgets keys no route uses any more.
     *
     * @param keys every candidate a route references, with its key's fingerprint
     */
    public void retain(Map<CandidateId, String> keys) {
        byId.keySet().removeIf(id -> !keys.containsKey(id));
        keys.forEach((id, fingerprint) -> {
            CandidateHealth h = byId.get(id);
            if (h == null || !h.keyFingerprint().equals(fingerprint)) byId.put(id, new CandidateHealth(id, fingerprint));
        });
    }

    /** The keys health is kept for. */
    public Set<CandidateId> ids() {
        return Set.copyOf(byId.keySet());
    }
}
