package piapi.usage;

/**
 * The prices of one model, as the {@code pricing:} section gives them.
 *
 * @param model            the model id as written in the config
 * @param prices           per-token prices of each kind
 * @param perWebSearch     pico-dollars per server-side web search, or {@link TokenPrices#NOT_PRICED}
 * @param longContextAbove when the request's input (cache included) is above this many tokens, every token of
 *                         it is priced at {@code longContext}; 0 when the model has no long-context tier
 * @param longContext      the long-context tier's per-token prices, or null
 */
public record ModelPrice(String model, TokenPrices prices, long perWebSearch, long longContextAbove, TokenPrices longContext) {
    public ModelPrice {
        if (longContext == null ? longContextAbove != 0 : longContextAbove < 1) {
            throw new IllegalArgumentException("a long-context tier needs a threshold above 0, and a threshold needs a tier");
        }
    }

    /** The request's cost in nano-dollars, or {@link Pricing#UNPRICED} when it used a kind this model has no price for. */
    long cost(Usage usage) {
        TokenPrices t = longContext != null && Usage.orZero(usage.input()) > longContextAbove ? longContext : prices;
        try {
            long picos = term(usage.uncachedInput(), t.input());
            picos = add(picos, term(usage.cacheRead(), t.cacheRead()));
            picos = add(picos, term(usage.cacheWrite5m(), t.cacheWrite5m()));
            picos = add(picos, term(usage.cacheWrite1h(), t.cacheWrite1h()));
            picos = add(picos, term(usage.output(), t.output()));
            picos = add(picos, term(usage.webSearches(), perWebSearch));
            return picos < 0 ? Pricing.UNPRICED : Money.roundPicosToNanos(picos);
        } catch (ArithmeticException e) {
            return Pricing.UNPRICED; // counts no provider reports: better unpriced than wrapped around
        }
    }

    /** count x price in pico-dollars; -1 when tokens were used of a kind without a price. Reasoning is output: never priced twice. */
    private static long term(long count, long price) {
        if (count <= 0) return 0;
        return price < 0 ? -1 : Math.multiplyExact(count, price);
    }

    private static long add(long sum, long term) {
        return sum < 0 || term < 0 ? -1 : Math.addExact(sum, term);
    }
}
