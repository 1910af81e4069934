package piapi.ledger;

import piapi.usage.Usage;

/**
 * The sums of one report row. Token counts add what providers reported (an absent count adds nothing, and the
 * request shows up in {@code unknownUsageRequests} or {@code partialRequests}); cost adds priced requests only,
 * and {@code unpricedRequests} says how many had no price. Token-counting calls are counted apart and add no
 * usage or cost.
 */
public final class UsageCounters {
    long requests;
    long inputTokens;
    long cacheReadTokens;
    long cacheWrite5mTokens;
    long cacheWrite1hTokens;
    long outputTokens;
    long reasoningTokens;
    long webSearches;
    long costNanos;
    long unpricedRequests;
    long unknownUsageRequests;
    long partialRequests;
    long countTokensRequests;

    void add(LedgerEntry e, long cost) {
        if (e.countTokens()) {
            countTokensRequests++;
            return;
        }
        requests++;
        Usage u = e.usage();
        inputTokens += Math.max(0, u.input());
        cacheReadTokens += Math.max(0, u.cacheRead());
        cacheWrite5mTokens += Math.max(0, u.cacheWrite5m());
        cacheWrite1hTokens += Math.max(0, u.cacheWrite1h());
        outputTokens += Math.max(0, u.output());
        reasoningTokens += Math.max(0, u.reasoning());
        webSearches += Math.max(0, u.webSearches());
        if (cost >= 0) costNanos += cost;
        else unpricedRequests++;
        if (e.usageState() == UsageState.UNKNOWN) unknownUsageRequests++;
        if (e.usageState() == UsageState.PARTIAL) partialRequests++;
    }

    public long requests() { return requests; }
    public long inputTokens() { return inputTokens; }
    public long cacheReadTokens() { return cacheReadTokens; }
    public long cacheWrite5mTokens() { return cacheWrite5mTokens; }
    public long cacheWrite1hTokens() { return cacheWrite1hTokens; }
    public long outputTokens() { return outputTokens; }
    public long reasoningTokens() { return reasoningTokens; }
    public long webSearches() { return webSearches; }
    public long costNanos() { return costNanos; }
    public long unpricedRequests() { return unpricedRequests; }
    public long unknownUsageRequests() { return unknownUsageRequests; }
    public long partialRequests() { return partialRequests; }
    public long countTokensRequests() { return countTokensRequests; }
}
