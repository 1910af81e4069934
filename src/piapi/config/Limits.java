package piapi.config;

import java.time.ZoneId;

/**
 * Request limits, and the per-user limits and quotas every user gets unless their own {@code limits} say otherwise.
 *
 * @param maxRequestBodyBytes largest request body accepted (buffered so a failover can resend it); default 32 MiB
 * @param timezone            where day and month windows begin and end (quotas, ledger files, usage by day); default UTC
 * @param defaults            {@code limits.default}: every user's limits, field by field, unless overridden; default none
 */
public record Limits(long maxRequestBodyBytes, ZoneId timezone, UserLimits defaults) {
    public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");
    public static final Limits DEFAULTS = new Limits(32L << 20, DEFAULT_TIMEZONE, UserLimits.UNSET_ALL);

    /** Only a body limit: no user limits, UTC. */
    public Limits(long maxRequestBodyBytes) {
        this(maxRequestBodyBytes, DEFAULT_TIMEZONE, UserLimits.UNSET_ALL);
    }
}
