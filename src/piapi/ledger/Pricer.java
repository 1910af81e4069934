package piapi.ledger;

import piapi.usage.Usage;

/**
 * A price list as a function: the cost of one request in nano-dollars, or -1 when the model has no price.
 * Tokens are the record; with a corrected price list, a period's cost is recomputed from them.
 */
@FunctionalInterface
public interface Pricer {
    long costNanos(String model, Usage usage);
}
