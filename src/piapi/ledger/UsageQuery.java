package piapi.ledger;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * A usage report's question.
 *
 * @param from      first day, inclusive
 * @param to        last day, inclusive
 * @param zone      the calendar the days are in
 * @param groupBy   the keys that make a row, in order (empty: one row, the totals)
 * @param reprice   prices to recompute every cost with (after a price fix), or null to report costs as recorded
 * @param maxGroups more distinct rows than this end the report with {@link UsageReport#tooManyGroups()} (memory stays bounded)
 */
public record UsageQuery(LocalDate from, LocalDate to, ZoneId zone, List<GroupKey> groupBy, Pricer reprice, int maxGroups) {
    public static final int MAX_GROUPS = 10_000;

    public UsageQuery {
        groupBy = List.copyOf(groupBy);
    }

    public UsageQuery(LocalDate from, LocalDate to, ZoneId zone, List<GroupKey> groupBy) {
        this(from, to, zone, groupBy, null, MAX_GROUPS);
    }
}
