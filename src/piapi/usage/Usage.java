package piapi.usage;

/**
 * Token counts of one request as its provider reported them, normalised across protocols. A count the
 * provider did not report is {@link #ABSENT} (-1): absent is not zero, and an explicit 0 stays 0.
 *
 * @param input        every prompt token, cached or not (Anthropic: {@code input_tokens} + cache reads +
 *                     cache writes; OpenAI: {@code prompt_tokens} / {@code input_tokens}; Gemini: {@code promptTokenCount})
 * @param cacheRead    the part of {@code input} read from the provider's prompt cache
 * @param cacheWrite5m the part of {@code input} written to a 5-minute cache entry (Anthropic)
 * @param cacheWrite1h the part of {@code input} written to a 1-hour cache entry (Anthropic)
 * @param output       every generated token, reasoning included
 * @param reasoning    the part of {@code output} spent on reasoning
 * @param webSearches  server-side web searches the provider ran (and bills) for the request
 */
public record Usage(long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output, long reasoning, long webSearches) {
    public static final long ABSENT = -1;
    public static final Usage UNKNOWN = new Usage(ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
    /** A request that used nothing (a count_tokens call): every count an explicit 0. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, 0);

    /** Whether the provider reported any count at all. */
    public boolean known() {
        return input >= 0 || output >= 0 || cacheRead >= 0 || cacheWrite5m >= 0 || cacheWrite1h >= 0 || reasoning >= 0 || webSearches >= 0;
    }

    /** Input tokens that were neither read from nor written to the cache (0 when unknown). */
    public long uncachedInput() {
        return Math.max(0, orZero(input) - orZero(cacheRead) - orZero(cacheWrite5m) - orZero(cacheWrite1h));
    }

    /** Input plus output, for token quotas (0 when unknown). */
    public long totalTokens() {
        return orZero(input) + orZero(output);
    }

    static long orZero(long count) {
        return count < 0 ? 0 : count;
    }
}
