package piapi.config;

import java.time.Duration;
import java.util.List;

/**
 * One user's limits and quotas ({@code limits.default}, overridden field by field by {@code users[].limits}).
 * As bound from one mapping, a field not written is {@link #UNSET} (null for {@code queueFor} and
 * {@code modelCaps}); {@link #over} fills those from the default, and {@link #effective} turns what is still
 * unset into "no limit".
 *
 * @param requestsPerMinute requests started per minute (a smooth rate: the minute's allowance may come as a burst)
 * @param concurrent        requests in progress at once
 * @param queueFor          how long a request over {@code concurrent} waits for a slot before it is refused (default 0)
 * @param tokensPerDay      input + output tokens recorded per calendar day
 * @param requestsPerDay    requests recorded per calendar day
 * @param costPerDayNanos   cost recorded per calendar day, every model, in nano-dollars
 * @param costPerMonthNanos cost recorded per calendar month, every model, in nano-dollars
 * @param modelCaps         further cost caps on some models; a user's list replaces the default's
 */
public record UserLimits(long requestsPerMinute, long concurrent, Duration queueFor, long tokensPerDay, long requestsPerDay,
                         long costPerDayNanos, long costPerMonthNanos, List<ModelCap> modelCaps) {
    /** Not written here: take the default's value. */
    public static final long UNSET = -1;
    /** No limit ({@code none} in the config, or nothing written anywhere). */
    public static final long UNLIMITED = Long.MAX_VALUE;
    public static final UserLimits UNSET_ALL = new UserLimits(UNSET, UNSET, null, UNSET, UNSET, UNSET, UNSET, null);
    public static final UserLimits NONE = UNSET_ALL.effective();

    public UserLimits {
        modelCaps = modelCaps == null ? null : List.copyOf(modelCaps);
    }

    /** These limits with every unset field taken from {@code defaults}. */
    public UserLimits over(UserLimits defaults) {
        return new UserLimits(pick(requestsPerMinute, defaults.requestsPerMinute), pick(concurrent, defaults.concurrent),
                queueFor != null ? queueFor : defaults.queueFor, pick(tokensPerDay, defaults.tokensPerDay),
                pick(requestsPerDay, defaults.requestsPerDay), pick(costPerDayNanos, defaults.costPerDayNanos),
                pick(costPerMonthNanos, defaults.costPerMonthNanos), modelCaps != null ? modelCaps : defaults.modelCaps);
    }

    /** Every field that is still unset becomes "no limit" (and no queueing, no model caps). */
    public UserLimits effective() {
        return new UserLimits(limit(requestsPerMinute), limit(concurrent), queueFor != null ? queueFor : Duration.ZERO,
                limit(tokensPerDay), limit(requestsPerDay), limit(costPerDayNanos), limit(costPerMonthNanos),
                modelCaps != null ? modelCaps : List.of());
    }

    /** Whether no limit at all applies (after {@link #effective}). */
    public boolean unlimited() {
        return requestsPerMinute == UNLIMITED && concurrent == UNLIMITED && tokensPerDay == UNLIMITED && requestsPerDay == UNLIMITED
                && costPerDayNanos == UNLIMITED && costPerMonthNanos == UNLIMITED && (modelCaps == null || modelCaps.isEmpty());
    }

    private static long pick(long own, long fallback) {
        return own != UNSET ? own : fallback;
    }

    private static long limit(long v) {
        return v == UNSET ? UNLIMITED : v;
    }
}
