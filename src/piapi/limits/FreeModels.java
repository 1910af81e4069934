package piapi.limits;

import java.util.function.Supplier;
import piapi.usage.Pricing;
import piapi.usage.Usage;

/**
 * Which models are priced at zero: a cost cap never blocks them (using them costs nothing, so no cap can be
 * exceeded by them). A model without a price is not free: a cap covers it, so switching to an unpriced model
 * cannot escape a cap.
 */
@FunctionalInterface
public interface FreeModels {
    FreeModels NONE = model -> false;
    /** Enough tokens that any price above zero (at least a pico-dollar a token) costs a nano-dollar or more. */
    Usage PROBE = new Usage(1000, 0, 0, 0, 1000, 0, 0);

    boolean free(String model);

    /** Models whose input and output are both priced at 0 in the live price list (read at each call, so reloads apply). */
    static FreeModels pricedAtZero(Supplier<Pricing> pricing) {
        return model -> pricing.get().cost(model, PROBE) == 0;
    }
}
