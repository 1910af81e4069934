package piapi.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Units of money: costs are {@code long} nano-dollars (1e-9 USD), exact to add for quotas; prices are kept in
 * pico-dollars per token so that prices like 0.0375 USD per million tokens stay exact; one request's cost is
 * rounded to the nearest nano-dollar once.
 */
public final class Money {
    /** Prices above this many dollars per million tokens (or per thousand searches) are refused as a unit mistake. */
    public static final BigDecimal MAX_PRICE = BigDecimal.valueOf(100_000);

    private Money() {}

    /**
     * USD per million tokens, exactly, in pico-dollars per token.
     *
     * @throws ArithmeticException when the price has more than 6 decimals (finer than a pico-dollar a token)
     */
    public static long picosPerToken(BigDecimal usdPerMillionTokens) {
        return usdPerMillionTokens.movePointRight(6).longValueExact();
    }

    /**
     * USD per thousand web searches (how providers bill them), exactly, in pico-dollars per search.
     *
     * @throws ArithmeticException when the price has more than 9 decimals
     */
    public static long picosPerSearch(BigDecimal usdPerThousandSearches) {
        return usdPerThousandSearches.movePointRight(9).longValueExact();
    }

    /** Pico-dollars to nano-dollars, rounded half up. */
    static long roundPicosToNanos(long picos) {
        return picos / 1000 + (picos % 1000 >= 500 ? 1 : 0);
    }

    /**
     * Nano-dollars as dollars for JSON and CSV output, exactly and without trailing zeros ({@code 12345600} is
     * {@code 0.0123456}, {@code 10000000000} is {@code 10}); null for unpriced (-1).
     */
    public static BigDecimal dollars(long nanos) {
        if (nanos < 0) return null;
        BigDecimal usd = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0, RoundingMode.UNNECESSARY) : usd;
    }
}
