package piapi.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One user's limits and usage as the limiter counts them: for {@code GET /piadmin/api/limits} and the user's
 * own {@code GET /me/usage} (the same counters that admit or refuse their requests).
 *
 * @param user           the user's name
 * @param timezone       the zone whose calendar the day and month follow
 * @param day            today in that zone
 * @param now            when this was read
 * @param limits         every limit that applies, with what is used and when it resets
 * @param requestsToday  requests admitted today
 * @param tokensToday    input + output tokens recorded today
 * @param costTodayNanos cost recorded today (priced requests only)
 * @param tokensMonth    input + output tokens recorded this month
 * @param costMonthNanos cost recorded this month
 * @param inProgress     requests holding a concurrency slot now
 */
public record UserLimitsView(String user, String timezone, LocalDate day, Instant now, List<LimitStatus> limits, long requestsToday,
                             long tokensToday, long costTodayNanos, long tokensMonth, long costMonthNanos, int inProgress) {
    public UserLimitsView {
        limits = List.copyOf(limits);
    }
}
