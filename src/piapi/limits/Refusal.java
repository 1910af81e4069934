package piapi.limits;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Why a request was refused before any upstream call: which limit, its scope, how much was used of how much,
 * and when it resets. The proxy answers 429 with {@code Retry-After: retryAfterSeconds} in the error envelope
 * of the caller's protocol, naming all of these.
 *
 * @param limit             the limit that tripped
 * @param scope             {@code user} (every model), or {@code models:<patterns>} for a cap on some models
 * @param used              the amount used (requests, tokens, or nano-dollars for cost limits)
 * @param max               the limit
 * @param resetsAt          when the limit allows a request again (null for concurrency: when a request ends)
 * @param retryAfterSeconds at most 60 for rates and concurrency; the real seconds until the reset for a quota
 */
public record Refusal(LimitName limit, String scope, long used, long max, Instant resetsAt, long retryAfterSeconds) {
    public static final String SCOPE_USER = "user";

    /** One sentence for the error message: {@code cost_per_day limit reached (user): used $20.01 of $20; resets at ...}. */
    public String message() {
        StringBuilder sb = new StringBuilder(128).append(limit.label()).append(" limit reached (").append(scope).append("): ");
        if (limit == LimitName.CONCURRENT_REQUESTS) {
            sb.append(used).append(" of ").append(max).append(" requests in progress; retry when one ends");
        } else {
            sb.append("used ").append(amount(used)).append(" of ").append(amount(max));
            if (resetsAt != null) sb.append("; resets at ").append(resetsAt);
        }
        return sb.toString();
    }

    /** An amount as written in messages: dollars for cost limits, a count otherwise. */
    public String amount(long value) {
        return limit.money() ? "$" + dollars(value) : Long.toString(value);
    }

    /** Nano-dollars as an exact decimal of dollars. */
    public static String dollars(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }
}
