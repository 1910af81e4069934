package piapi.limits;

/** The limits piapi enforces per user, named as refusals, metrics and the limits view name them. */
public enum LimitName {
    REQUESTS_PER_MINUTE("requests_per_minute"),
    CONCURRENT_REQUESTS("concurrent_requests"),
    TOKENS_PER_DAY("tokens_per_day"),
    REQUESTS_PER_DAY("requests_per_day"),
    /** amounts in nano-dollars */
    COST_PER_DAY("cost_per_day"),
    /** amounts in nano-dollars */
    COST_PER_MONTH("cost_per_month");

    private final String label;

    LimitName(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether used and max are nano-dollars (shown as dollars). */
    public boolean money() {
        return this == COST_PER_DAY || this == COST_PER_MONTH;
    }

    /**
     * Whether the limit frees up within a minute (a rate or a concurrency slot): its Retry-After is short, so a
     * client such as Claude Code waits and retries; a quota's Retry-After is the real time to its reset, so the
     * client stops at once with piapi's message.
     */
    public boolean shortLived() {
        return this == REQUESTS_PER_MINUTE || this == CONCURRENT_REQUESTS;
    }
}
