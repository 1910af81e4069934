package piapi.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Sums streamed entries into rows; holds one counter set per distinct group, at most {@code maxGroups}. */
final class UsageAggregator implements Consumer<LedgerEntry> {
    private final UsageQuery query;
    private final Map<List<String>, UsageCounters> groups = new HashMap<>();
    private final UsageCounters totals = new UsageCounters();
    private boolean tooMany;

    UsageAggregator(UsageQuery query) {
        this.query = query;
    }

    @Override
    public void accept(LedgerEntry e) {
        long cost = e.countTokens() ? 0 : query.reprice() != null ? query.reprice().costNanos(e.model(), e.usage()) : e.costNanos();
        totals.add(e, cost);
        String[] key = new String[query.groupBy().size()];
        for (int i = 0; i < key.length; i++) key[i] = query.groupBy().get(i).valueOf(e, query.zone());
        List<String> k = Arrays.asList(key);
        UsageCounters c = groups.get(k);
        if (c == null) {
            if (groups.size() >= query.maxGroups()) {
                tooMany = true;
                return;
            }
            c = new UsageCounters();
            groups.put(k, c);
        }
        c.add(e, cost);
    }

    UsageReport report(long unreadable) {
        List<UsageReport.Row> rows = new ArrayList<>(groups.size());
        groups.forEach((k, c) -> rows.add(new UsageReport.Row(k, c)));
        rows.sort((a, b) -> {
            for (int i = 0; i < a.keys().size(); i++) {
                int d = a.keys().get(i).compareTo(b.keys().get(i));
                if (d != 0) return d;
            }
            return 0;
        });
        return new UsageReport(query, rows, totals, unreadable, tooMany);
    }
}
