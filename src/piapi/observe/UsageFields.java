package piapi.observe;

import piapi.http.FinishedRequest;
import piapi.http.JsonWriter;
import piapi.http.RequestUsage;
import piapi.usage.Money;
import piapi.usage.Usage;
import piapi.usage.UsageReading;

/**
 * The usage of a proxied request as the access log and the request log show it: the models, the token counts
 * the provider reported (a count it did not report is left out: absent is not zero), how much of the usage was
 * seen, and the cost in dollars, or {@code "unpriced": true}, never $0 for a model without a price. A request
 * that never reached an upstream shows only the model it asked for.
 */
public final class UsageFields {
    private UsageFields() {}

    /** Adds the fields to an open JSON object. */
    public static void json(JsonWriter w, FinishedRequest r) {
        RequestUsage u = r.usage();
        if (u.modelRequested() != null) w.field("model", u.modelRequested());
        if (u.countTokens()) w.field("count_tokens", true);
        if (u.reading() == RequestUsage.NOT_SENT) return;
        if (u.modelAnswered() != null) w.field("model_answered", u.modelAnswered());
        w.field("usage", label(u.reading().state()));
        Usage t = u.usage();
        count(w, "input_tokens", t.input());
        count(w, "cache_read_tokens", t.cacheRead());
        count(w, "cache_write_5m_tokens", t.cacheWrite5m());
        count(w, "cache_write_1h_tokens", t.cacheWrite1h());
        count(w, "output_tokens", t.output());
        count(w, "reasoning_tokens", t.reasoning());
        count(w, "web_searches", t.webSearches());
        if (u.priced()) w.name("cost_usd").rawValue(Money.dollars(u.costNanos()).toPlainString());
        else w.field("unpriced", true);
    }

    /** Adds {@code model=... tokens_in=... tokens_out=... cost=...} to a text line. */
    static void text(TextLine line, FinishedRequest r) {
        RequestUsage u = r.usage();
        String model = u.modelAnswered() != null ? u.modelAnswered() : u.modelRequested();
        if (model != null) line.field("model", model);
        if (u.reading() == RequestUsage.NOT_SENT) return;
        Usage t = u.usage();
        if (t.input() >= 0) line.field("tokens_in", t.input());
        if (t.output() >= 0) line.field("tokens_out", t.output());
        if (t.cacheRead() > 0) line.field("cache_read", t.cacheRead());
        if (u.reading().state() != UsageReading.State.COMPLETE) line.field("usage", label(u.reading().state()));
        line.field("cost", u.priced() ? "$" + Money.dollars(u.costNanos()).toPlainString() : "unpriced");
    }

    private static void count(JsonWriter w, String name, long n) {
        if (n >= 0) w.field(name, n);
    }

    /** The ledger's words for a reading's state. */
    static String label(UsageReading.State state) {
        return switch (state) {
            case COMPLETE -> "complete";
            case PARTIAL -> "partial";
            case UNKNOWN -> "unknown";
        };
    }
}
