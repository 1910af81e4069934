package piapi.config;

import java.time.Duration;

/**
 * Failover, upstream health and session affinity: the optional {@code routing:} section.
 *
 * @param maxAttempts         upstream attempts per request, the first included; 1 turns failover off; default 3
 * @param failoverWindow      no further attempt starts once this much time has passed since the first one
 *                            started; each attempt keeps its own {@code timeouts.firstByte}; default 60 s
 * @param retryOn             failures that move a request to another candidate; see {@link RetryOn#DEFAULTS}
 * @param cooldown            how long a candidate is skipped after a failure (connect, reset, timeout, 5xx, 429
 *                            without Retry-After); doubled for each further failure in a row; default 10 s
 * @param maxCooldown         cap on the doubled cooldown and on an upstream's Retry-After; default 5 min
 * @param authCooldown        how long a key is skipped after 401 or 403 (revoked or unauthorised); default 10 min
 * @param adaptiveHalfLife    adaptive_rr: how fast the recent error rate forgets, also while a candidate is
 *                            not chosen; default 1 min (or PIAPI_ADAPTIVE_HALFLIFE)
 * @param adaptiveFloor       adaptive_rr: the smallest share of its weight a failing candidate keeps, 0 < f < 1;
 *                            default 0.1 (or PIAPI_ADAPTIVE_QUALITY_FLOOR)
 * @param sessionAffinity     requests with the same session header go to the same candidate while it is usable
 *                            (prompt caches live per key); default true
 * @param affinityTtl         a session's candidate is forgotten after this long without a request; default 1 h
 * @param affinityMaxSessions sessions remembered at most (least recently used are forgotten first); default 10000
 */
public record RoutingSettings(int maxAttempts, Duration failoverWindow, RetryOn retryOn, Duration cooldown,
                              Duration maxCooldown, Duration authCooldown, Duration adaptiveHalfLife, double adaptiveFloor,
                              boolean sessionAffinity, Duration affinityTtl, int affinityMaxSessions) {
    public static final RoutingSettings DEFAULTS = new RoutingSettings(3, Duration.ofSeconds(60), RetryOn.DEFAULTS,
            Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(1), 0.1,
            true, Duration.ofHours(1), 10_000);

    public RoutingSettings {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
        if (!(adaptiveFloor > 0 && adaptiveFloor < 1)) throw new IllegalArgumentException("adaptiveFloor must be in (0, 1)");
        if (affinityMaxSessions < 1) throw new IllegalArgumentException("affinityMaxSessions must be >= 1");
    }
}
