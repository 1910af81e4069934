package piapi.http;

import java.util.Set;
import piapi.usage.Pricing;
import piapi.usage.Usage;
import piapi.usage.UsageReading;

/**
 * What one proxied request used, as the record stage writes it to the ledger, the logs and the metrics.
 *
 * @param modelRequested the model the request body (or Gemini's path) asked for, or null
 * @param reading        the usage read from the answer relayed to the client
 * @param costNanos      its cost in nano-dollars, or {@link Pricing#UNPRICED}
 * @param countTokens    a token-counting call: never counted against a limit, never costs anything
 */
public record RequestUsage(String modelRequested, UsageReading reading, long costNanos, boolean countTokens) {
    /** Nothing was sent upstream (a probe, an admin call, or a request piapi refused): nothing was used, for certain. */
    public static final UsageReading NOT_SENT = new UsageReading(Usage.ZERO, null, UsageReading.State.COMPLETE, Set.of());
    /** Not a proxied request. */
    public static final RequestUsage NONE = new RequestUsage(null, NOT_SENT, 0, false);

    /** A request that never reached an upstream: it used nothing and costs nothing. */
    public static RequestUsage notSent(String modelRequested, boolean countTokens) {
        return modelRequested == null && !countTokens ? NONE : new RequestUsage(modelRequested, NOT_SENT, 0, countTokens);
    }

    /** A request whose answer was read: priced by the model that answered, else the one requested. */
    public static RequestUsage read(String modelRequested, UsageReading reading, Pricing pricing, boolean countTokens) {
        return new RequestUsage(modelRequested, reading, pricing.cost(reading, modelRequested), countTokens);
    }

    public Usage usage() {
        return reading.usage();
    }

    /** The model the answer named, or null. */
    public String modelAnswered() {
        return reading.modelAnswered();
    }

    public boolean priced() {
        return costNanos >= 0;
    }
}
