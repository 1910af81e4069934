package piapi.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlScalar;

/**
 * Binds one limits mapping ({@code limits.default} or {@code users[].limits}). Counts are whole numbers from 1,
 * costs are US dollars (decimals allowed, 0 lets only free models through), and {@code none} removes a limit
 * the default sets. A field not written stays unset, to be taken from the default.
 */
final class UserLimitsBinder {
    static final Set<String> KEYS = Set.of("requestsPerMinute", "concurrent", "queueFor", "tokensPerDay", "requestsPerDay",
            "costPerDay", "costPerMonth", "modelCaps");
    private static final Set<String> CAP_KEYS = Set.of("models", "costPerDay", "costPerMonth");
    /** A request waits for a concurrency slot at most this long: clients time out, and a waiter holds memory. */
    static final Duration MAX_QUEUE_FOR = Duration.ofMinutes(5);
    private static final BigDecimal MAX_DOLLARS = BigDecimal.valueOf(1_000_000_000L);

    private final Problems problems;

    UserLimitsBinder(Problems problems) {
        this.problems = problems;
    }

    UserLimits bind(YamlNode node, String path) {
        MappingReader f = MappingReader.of(node, path, problems);
        if (f.notAMapping() || f.mapping().entries().isEmpty()) return UserLimits.UNSET_ALL;
        f.warnUnknown(KEYS);
        return new UserLimits(count(f, "requestsPerMinute"), count(f, "concurrent"), queueFor(f), count(f, "tokensPerDay"),
                count(f, "requestsPerDay"), dollars(f, "costPerDay"), dollars(f, "costPerMonth"), modelCaps(f));
    }

    private long count(MappingReader f, String key) {
        String text = f.string(key);
        if (text == null) return UserLimits.UNSET;
        if (isNone(text)) return UserLimits.UNLIMITED;
        boolean digits = !text.isEmpty() && text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        long n = digits ? Long.parseLong(text) : 0;
        if (n < 1) {
            problems.error(f.node(key), f.path(key), "must be a whole number from 1, or none for no limit, not '" + text + "'");
            return UserLimits.UNSET;
        }
        return n;
    }

    /** US dollars to nano-dollars, exactly (at most 9 decimals). */
    private long dollars(MappingReader f, String key) {
        String text = f.string(key);
        if (text == null) return UserLimits.UNSET;
        if (isNone(text)) return UserLimits.UNLIMITED;
        String number = text.startsWith("$") ? text.substring(1) : text;
        BigDecimal usd = null;
        if (!number.isEmpty() && number.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')) {
            try {
                usd = new BigDecimal(number);
            } catch (NumberFormatException e) {
                usd = null;
            }
        }
        if (usd == null || usd.scale() > 9 || usd.compareTo(MAX_DOLLARS) > 0) {
            problems.error(f.node(key), f.path(key), "must be an amount in US dollars such as 20 or 0.50 (0 lets only free models through),"
                    + " or none for no limit, not '" + text + "'");
            return UserLimits.UNSET;
        }
        return usd.movePointRight(9).longValueExact();
    }

    private Duration queueFor(MappingReader f) {
        String text = f.string("queueFor");
        if (text == null) return null;
        Duration d = text.equals("0") ? Duration.ZERO : DurationsAndSizes.duration(text);
        if (d == null || d.compareTo(MAX_QUEUE_FOR) > 0) {
            problems.error(f.node("queueFor"), f.path("queueFor"), "must be a duration from 0s to 5m, e.g. 0s or 10s, not '" + text + "'");
            return null;
        }
        return d;
    }

    private List<ModelCap> modelCaps(MappingReader f) {
        YamlNode node = f.node("modelCaps");
        if (node == null) return null;
        List<ModelCap> caps = new ArrayList<>();
        List<YamlNode> items = SequenceReader.items(node, f.path("modelCaps"), problems);
        for (int i = 0; i < items.size(); i++) {
            MappingReader c = MappingReader.of(items.get(i), f.path("modelCaps") + "[" + i + "]", problems);
            if (c.notAMapping()) continue;
            c.warnUnknown(CAP_KEYS);
            List<String> models = models(c);
            long day = dollars(c, "costPerDay");
            long month = dollars(c, "costPerMonth");
            if (c.node("costPerDay") == null && c.node("costPerMonth") == null) {
                problems.error(items.get(i), c.path(), "a model cap needs costPerDay, costPerMonth or both");
                continue;
            }
            if (!models.isEmpty()) caps.add(new ModelCap(models, limit(day), limit(month)));
        }
        return caps;
    }

    private List<String> models(MappingReader c) {
        YamlNode node = c.node("models");
        List<String> out = new ArrayList<>();
        List<YamlNode> items = SequenceReader.items(node, c.path("models"), problems);
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String text = item instanceof YamlScalar s && !s.isNull() ? s.value().strip() : "";
            int star = text.indexOf('*');
            if (text.isEmpty() || text.equals("*") || star >= 0 && star != text.length() - 1) {
                problems.error(item, c.path("models") + "[" + i + "]",
                        "must be a model id, or a prefix ending in * such as claude-opus-* (a cap on every model is costPerDay itself)");
            } else {
                out.add(text);
            }
        }
        if (node == null || items.isEmpty() && !(node instanceof YamlScalar s && !s.isNull())) {
            problems.error(node == null ? c.mapping() : node, c.path("models"), "list the models the cap covers, e.g. [claude-opus-*]");
        }
        return out;
    }

    private static long limit(long v) {
        return v == UserLimits.UNSET ? UserLimits.UNLIMITED : v;
    }

    private static boolean isNone(String text) {
        return text.toLowerCase(Locale.ROOT).equals("none");
    }
}
