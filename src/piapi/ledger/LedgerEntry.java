package piapi.ledger;

import java.time.Instant;
import java.util.Objects;
import piapi.usage.Usage;

/**
 * One proxied request as the ledger keeps it: who, where, which model, how it ended, what it used and cost.
 *
 * @param time           when the request was recorded (it ended); its calendar day decides the file and the quota window
 * @param requestId      piapi's request id
 * @param user           the user's name ("" when no user was identified)
 * @param service        the service type
 * @param provider       the provider answered by the last attempt ("" when none was called)
 * @param keyName        that provider's key name ("" when none)
 * @param modelRequested the model in the request body, or null
 * @param modelAnswered  the model the response named, or null
 * @param status         the status the client got
 * @param outcome        how the request ended ({@code piapi.http.Outcome} labels: ok, upstream_error, client_gone...)
 * @param usage          token counts; a count the provider did not report is {@link Usage#ABSENT}
 * @param costNanos      cost in nano-dollars, or -1 when the model has no price ({@code "unpriced": true})
 * @param usageState     whether usage was complete, partial or unknown
 * @param countTokens    a token-counting call: never counted against rate limits, never costs anything
 */
public record LedgerEntry(Instant time, String requestId, String user, String service, String provider, String keyName,
                          String modelRequested, String modelAnswered, int status, String outcome, Usage usage, long costNanos,
                          UsageState usageState, boolean countTokens) {
    public static final long UNPRICED = -1;

    public LedgerEntry {
        Objects.requireNonNull(time, "time");
        requestId = requestId == null ? "" : requestId;
        user = user == null ? "" : user;
        service = service == null ? "" : service;
        provider = provider == null ? "" : provider;
        keyName = keyName == null ? "" : keyName;
        outcome = outcome == null ? "" : outcome;
        usage = usage == null ? Usage.UNKNOWN : usage;
        usageState = usageState == null ? UsageState.UNKNOWN : usageState;
        if (costNanos < 0) costNanos = UNPRICED;
    }

    public boolean priced() {
        return costNanos >= 0;
    }

    /** The model the request is reported under: the one answered when known, else the one asked for ("" when neither). */
    public String model() {
        return modelAnswered != null && !modelAnswered.isEmpty() ? modelAnswered : modelRequested == null ? "" : modelRequested;
    }
}
