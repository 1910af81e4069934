package piapi.config;

import java.time.ZoneId;

/**
 * Request limits, and the per-user limits and quotas every user gets unless their own {@code limits} say otherwise.
 *
 * @param maxRequestBodyBytes largest request body accepted (buffered so a failover can resend it); default 32 MiB
 * @param requestBodyMemory   how much heap the bodies of requests in progress may hold together; a body that does not
 *                            fit is kept in a temporary file instead; default 25% of the maximum heap
 * @param timezone            where day and month windows begin and end (quotas, ledger files, usage by day); default UTC
 * @param defaults            {@code limits.default}: every user's limits, field by field, unless overridden; default none
 */
public record Limits(long maxRequestBodyBytes, MemoryShare requestBodyMemory, ZoneId timezone, UserLimits defaults) {
    public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");
    /**
     * A quarter of the heap for request bodies leaves the rest for what every request needs whatever its body (relay
     * and client buffers, virtual thread stacks, the request log, the log and ledger queues): README "Request bodies".
     */
    public static final MemoryShare DEFAULT_BODY_MEMORY = MemoryShare.ofPercent(25);
    public static final Limits DEFAULTS = new Limits(32L << 20, DEFAULT_BODY_MEMORY, DEFAULT_TIMEZONE, UserLimits.UNSET_ALL);

    /** Body limits, per-user defaults and the time zone; the default body memory budget. */
    public Limits(long maxRequestBodyBytes, ZoneId timezone, UserLimits defaults) {
        this(maxRequestBodyBytes, DEFAULT_BODY_MEMORY, timezone, defaults);
    }

    /** Only a body limit: no user limits, UTC. */
    public Limits(long maxRequestBodyBytes) {
        this(maxRequestBodyBytes, DEFAULT_BODY_MEMORY, DEFAULT_TIMEZONE, UserLimits.UNSET_ALL);
    }
}
