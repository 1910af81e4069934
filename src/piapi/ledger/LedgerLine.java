package piapi.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import piapi.http.JsonException;
import piapi.http.JsonReader;
import piapi.http.JsonWriter;
import piapi.usage.Usage;

/**
 * The JSON line of one {@link LedgerEntry}. A token count the provider did not report is left out (absent is
 * not zero); a model without a price is written {@code "unpriced": true} instead of a cost. Reading tolerates
 * fields it does not know, so older piapi versions read newer files.
 */
final class LedgerLine {
    private static final String COST_KEY = "\"cost_usd\":";
    private LedgerLine() {}

    static void write(StringBuilder sb, LedgerEntry e) {
        JsonWriter w = new JsonWriter(sb).beginObject()
                .field("time", e.time().toString())
                .field("request_id", e.requestId())
                .field("user", e.user())
                .field("service", e.service())
                .field("provider", e.provider())
                .field("key_name", e.keyName());
        if (e.modelRequested() != null) w.field("model_requested", e.modelRequested());
        if (e.modelAnswered() != null) w.field("model_answered", e.modelAnswered());
        w.field("status", e.status()).field("outcome", e.outcome()).field("usage", e.usageState().label());
        Usage u = e.usage();
        count(w, "input_tokens", u.input());
        count(w, "cache_read_tokens", u.cacheRead());
        count(w, "cache_write_5m_tokens", u.cacheWrite5m());
        count(w, "cache_write_1h_tokens", u.cacheWrite1h());
        count(w, "output_tokens", u.output());
        count(w, "reasoning_tokens", u.reasoning());
        count(w, "web_searches", u.webSearches());
        if (e.priced()) w.name("cost_usd").rawValue(dollars(e.costNanos()));
        else w.field("unpriced", true);
        if (e.countTokens()) w.field("count_tokens", true);
        w.endObject();
    }

    private static void count(JsonWriter w, String name, long n) {
        if (n >= 0) w.field(name, n);
    }

    /** Nano-dollars as an exact decimal number of dollars ({@code 12345000} is {@code 0.012345}). */
    static String dollars(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    /** The entry of one line, or null when the line is not a ledger entry (torn by a crash, or garbage). */
    static LedgerEntry parse(String line) {
        Map<String, Object> m;
        try {
            m = JsonReader.parseObject(line);
        } catch (JsonException e) {
            return null;
        }
        Instant time;
        try {
            time = m.get("time") instanceof String t ? Instant.parse(t) : null;
        } catch (DateTimeException e) {
            return null;
        }
        if (time == null) return null;
        Usage usage = new Usage(count(m, "input_tokens"), count(m, "cache_read_tokens"), count(m, "cache_write_5m_tokens"),
                count(m, "cache_write_1h_tokens"), count(m, "output_tokens"), count(m, "reasoning_tokens"), count(m, "web_searches"));
        return new LedgerEntry(time, text(m, "request_id"), text(m, "user"), text(m, "service"), text(m, "provider"),
                text(m, "key_name"), nullableText(m, "model_requested"), nullableText(m, "model_answered"),
                m.get("status") instanceof Long s ? s.intValue() : 0, text(m, "outcome"), usage, cost(m, line),
                UsageState.of(text(m, "usage")), Boolean.TRUE.equals(m.get("count_tokens")));
    }

    private static long count(Map<String, Object> m, String key) {
        return m.get(key) instanceof Long n && n >= 0 ? n : Usage.ABSENT;
    }

    /**
     * The cost in nanos from the number's own digits (a double would lose the last nano of large sums). Searching
     * the text is safe once the line parsed: inside a JSON string a quote is always escaped, so the key's
     * quoted form appears only as the key.
     */
    private static long cost(Map<String, Object> m, String line) {
        if (!(m.get("cost_usd") instanceof Number)) return LedgerEntry.UNPRICED;
        int at = line.indexOf(COST_KEY) + COST_KEY.length();
        int end = at;
        while (end < line.length() && "0123456789.eE+-".indexOf(line.charAt(end)) >= 0) end++;
        try {
            BigDecimal nanos = new BigDecimal(line.substring(at, end)).movePointRight(9).setScale(0, RoundingMode.HALF_UP);
            return nanos.signum() < 0 ? LedgerEntry.UNPRICED : nanos.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return LedgerEntry.UNPRICED;
        }
    }

    private static String text(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : "";
    }

    private static String nullableText(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }
}
