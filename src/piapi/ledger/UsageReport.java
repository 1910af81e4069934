package piapi.ledger;

import java.util.List;

/**
 * The answer to a {@link UsageQuery}: one row per distinct group (sorted by its keys), and the totals.
 *
 * @param query            the question
 * @param rows             the rows, sorted by their key values
 * @param totals           every entry in the range
 * @param unreadableLines  lines skipped because they were not entries (torn by a crash)
 * @param tooManyGroups    the range has more than {@code query.maxGroups()} rows: rows are incomplete, ask for less
 */
public record UsageReport(UsageQuery query, List<Row> rows, UsageCounters totals, long unreadableLines, boolean tooManyGroups) {
    public UsageReport {
        rows = List.copyOf(rows);
    }

    /** One group: its key values (in {@code query.groupBy()} order) and its sums. */
    public record Row(List<String> keys, UsageCounters counters) {
        public Row {
            keys = List.copyOf(keys);
        }
    }
}
