package piapi.ledger;

import java.util.List;
import piapi.http.JsonWriter;

/** A {@link UsageReport} as the usage API serves it: JSON, or CSV with a header row (RFC 4180). */
public final class UsageReportFormat {
    /** The counters of a row, in the order both formats write them. */
    public static final List<String> COUNTERS = List.of("requests", "input_tokens", "cache_read_tokens", "cache_write_5m_tokens",
            "cache_write_1h_tokens", "output_tokens", "reasoning_tokens", "web_searches", "cost_usd", "unpriced_requests",
            "unknown_usage_requests", "partial_requests", "count_tokens_requests");

    private UsageReportFormat() {}

    public static String json(UsageReport r) {
        UsageQuery q = r.query();
        JsonWriter w = new JsonWriter(new StringBuilder(256 + r.rows().size() * 320)).beginObject()
                .field("from", q.from().toString()).field("to", q.to().toString()).field("timezone", q.zone().getId());
        w.name("group_by").beginArray();
        for (GroupKey k : q.groupBy()) w.value(k.label());
        w.endArray().field("repriced", q.reprice() != null).name("rows").beginArray();
        for (UsageReport.Row row : r.rows()) {
            w.beginObject();
            for (int i = 0; i < row.keys().size(); i++) w.field(q.groupBy().get(i).label(), row.keys().get(i));
            counters(w, row.counters());
            w.endObject();
        }
        w.endArray().name("totals").beginObject();
        counters(w, r.totals());
        return w.endObject().field("unreadable_lines", r.unreadableLines()).endObject().toString();
    }

    private static void counters(JsonWriter w, UsageCounters c) {
        long[] v = values(c);
        for (int i = 0; i < v.length; i++) {
            w.name(COUNTERS.get(i));
            if (COUNTERS.get(i).equals("cost_usd")) w.rawValue(LedgerLine.dollars(v[i]));
            else w.value(v[i]);
        }
    }

    private static long[] values(UsageCounters c) {
        return new long[] {c.requests, c.inputTokens, c.cacheReadTokens, c.cacheWrite5mTokens, c.cacheWrite1hTokens, c.outputTokens,
                c.reasoningTokens, c.webSearches, c.costNanos, c.unpricedRequests, c.unknownUsageRequests, c.partialRequests,
                c.countTokensRequests};
    }

    public static String csv(UsageReport r) {
        StringBuilder sb = new StringBuilder(256 + r.rows().size() * 160);
        List<GroupKey> keys = r.query().groupBy();
        for (GroupKey k : keys) sb.append(k.label()).append(',');
        sb.append(String.join(",", COUNTERS)).append("\r\n");
        for (UsageReport.Row row : r.rows()) {
            for (String value : row.keys()) cell(sb, value).append(',');
            line(sb, row.counters());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, UsageCounters c) {
        long[] v = values(c);
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(COUNTERS.get(i).equals("cost_usd") ? LedgerLine.dollars(v[i]) : Long.toString(v[i]));
        }
        sb.append("\r\n");
    }

    /**
     * One text cell: quoted when it holds a comma, quote or line break; and a value a spreadsheet would run as a
     * formula ({@code =}, {@code +}, {@code -}, {@code @} first: model names come from clients) gets a leading
     * apostrophe, so opening the file never executes anything.
     */
    static StringBuilder cell(StringBuilder sb, String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        if (!quote) return sb.append(v);
        return sb.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
}
