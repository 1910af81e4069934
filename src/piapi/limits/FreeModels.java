package piapi.limits;

/**
 * Which models are priced at zero: a cost cap never blocks them (using them costs nothing, so no cap can be
 * exceeded by them). A model without a price is not free: a cap covers it, so switching to an unpriced model
 * cannot escape a cap.
 */
@FunctionalInterface
public interface FreeModels {
    FreeModels NONE = model -> false;

    boolean free(String model);
}
