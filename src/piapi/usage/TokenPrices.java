package piapi.usage;

/**
 * Prices per token of each kind, in pico-dollars (1e-12 USD; {@code input: 3} USD per million tokens is
 * 3,000,000 pico-dollars a token). {@link #NOT_PRICED} (-1) for a kind the config gives no price: a request
 * that used tokens of that kind is unpriced rather than charged a guessed price.
 *
 * @param input        input tokens read neither from nor into the cache
 * @param output       output tokens, reasoning included
 * @param cacheRead    input tokens read from the prompt cache
 * @param cacheWrite5m input tokens written to a 5-minute cache entry
 * @param cacheWrite1h input tokens written to a 1-hour cache entry
 */
public record TokenPrices(long input, long output, long cacheRead, long cacheWrite5m, long cacheWrite1h) {
    public static final long NOT_PRICED = -1;

    /** Whether each kind this price list prices is priced here too (a long-context tier must price what the base does). */
    public boolean coversKindsOf(TokenPrices base) {
        return covers(cacheRead, base.cacheRead) && covers(cacheWrite5m, base.cacheWrite5m) && covers(cacheWrite1h, base.cacheWrite1h)
                && covers(input, base.input) && covers(output, base.output);
    }

    private static boolean covers(long mine, long base) {
        return base < 0 || mine >= 0;
    }
}
