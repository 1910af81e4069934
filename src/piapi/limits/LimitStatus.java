package piapi.limits;

import java.time.Instant;

/**
 * One limit of one user as it stands: what is used of how much, and when it resets.
 *
 * @param limit    which limit
 * @param scope    {@code user}, or {@code models:<patterns>} for a cap on some models
 * @param used     requests, tokens, or nano-dollars for cost limits
 * @param max      the limit, same unit
 * @param resetsAt when the window starts over (a rate: when its allowance is whole again); null for concurrency
 */
public record LimitStatus(LimitName limit, String scope, long used, long max, Instant resetsAt) {
    /** What is left before the limit refuses (never negative: one request in flight can overshoot a quota). */
    public long remaining() {
        return Math.max(0, max - used);
    }
}
