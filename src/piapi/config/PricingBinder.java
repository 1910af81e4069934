package piapi.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piapi.usage.ModelIds;
import piapi.usage.ModelPrice;
import piapi.usage.Money;
import piapi.usage.Pricing;
import piapi.usage.TokenPrices;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlScalar;

/**
 * Binds the optional {@code pricing} section: per model id, US dollars per million tokens of each kind, per
 * 1,000 web searches, and an optional long-context tier. Prices become exact pico-dollars here, and model ids
 * are normalised here, once; two keys naming the same model are an error.
 */
final class PricingBinder {
    private static final Set<String> PRICE_KEYS = Set.of("input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h", "webSearch", "longContext");
    private static final Set<String> TIER_KEYS = Set.of("above", "input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h");
    private static final long INVALID = -2;

    private final Problems problems;

    PricingBinder(Problems problems) {
        this.problems = problems;
    }

    Pricing bind(MappingReader root) {
        MappingReader section = MappingReader.of(root.node("pricing"), "pricing", problems);
        List<ModelPrice> prices = new ArrayList<>();
        Map<String, YamlScalar> models = new HashMap<>();
        for (YamlMapping.Entry e : section.mapping().entries()) {
            YamlScalar key = e.key();
            String model = key.value().strip();
            String path = section.path(model);
            if (model.isEmpty()) {
                problems.error(key, path, "a model id cannot be empty");
                continue;
            }
            ModelPrice price = modelPrice(model, e.value(), key, path);
            YamlScalar same = models.putIfAbsent(ModelIds.specific(model), key);
            if (same != null) {
                problems.error(key, path, "the same model as '" + same.value() + "' (line " + same.position().line()
                        + ") once provider prefixes and version tags are removed: keep one price per model");
            } else if (price != null) {
                prices.add(price);
            }
        }
        return problems.hasErrors() ? Pricing.NONE : Pricing.of(prices);
    }

    /** One model's prices, or null when something in them is wrong (each problem reported). */
    private ModelPrice modelPrice(String model, YamlNode value, YamlScalar key, String path) {
        MappingReader f = MappingReader.of(value, path, problems);
        if (f.notAMapping()) return null;
        f.warnUnknown(PRICE_KEYS);
        TokenPrices base = tokenPrices(f, key);
        long search = price(f, "webSearch", 9, "US dollars per 1,000 web searches, e.g. 10");
        YamlNode tierNode = f.node("longContext");
        if (tierNode == null) return base == null || search == INVALID ? null : new ModelPrice(model, base, search, 0, null);
        MappingReader t = MappingReader.of(tierNode, f.path("longContext"), problems);
        if (t.notAMapping()) return null;
        t.warnUnknown(TIER_KEYS);
        long above = threshold(t, tierNode);
        TokenPrices tier = tokenPrices(t, tierNode);
        if (base == null || tier == null || search == INVALID || above == INVALID) return null;
        if (!tier.coversKindsOf(base)) {
            problems.error(tierNode, t.path(), "must price every kind of token the model's base price does ("
                    + String.join(", ", missing(base, tier)) + " missing)");
            return null;
        }
        return new ModelPrice(model, base, search, above, tier);
    }

    /** input and output are required; the cache prices are optional (tokens of a kind without a price leave a request unpriced). */
    private TokenPrices tokenPrices(MappingReader f, YamlNode at) {
        long input = required(f, at, "input");
        long output = required(f, at, "output");
        long cacheRead = tokenPrice(f, "cacheRead");
        long write5m = tokenPrice(f, "cacheWrite5m");
        long write1h = tokenPrice(f, "cacheWrite1h");
        if (input == INVALID || output == INVALID || cacheRead == INVALID || write5m == INVALID || write1h == INVALID) return null;
        return new TokenPrices(input, output, cacheRead, write5m, write1h);
    }

    private long required(MappingReader f, YamlNode at, String key) {
        if (f.node(key) == null && !f.notAMapping()) {
            problems.error(at, f.path(), "missing '" + key + "' (US dollars per million " + key + " tokens)");
            return INVALID;
        }
        return tokenPrice(f, key);
    }

    private long tokenPrice(MappingReader f, String key) {
        return price(f, key, 6, "US dollars per million tokens, e.g. 3 or 0.30");
    }

    /**
     * A price in US dollars, converted exactly: per million tokens to pico-dollars a token (at most 6 decimals),
     * or per 1,000 searches to pico-dollars a search (at most 9); {@link TokenPrices#NOT_PRICED} when absent.
     */
    private long price(MappingReader f, String key, int maxDecimals, String unit) {
        String text = f.string(key);
        if (text == null) return f.wrongType(key) ? INVALID : TokenPrices.NOT_PRICED;
        BigDecimal usd = decimal(text);
        if (usd == null) {
            problems.error(f.node(key), f.path(key), "'" + text + "' is not a price; write " + unit);
        } else if (usd.scale() > maxDecimals) {
            problems.error(f.node(key), f.path(key), "'" + text + "' has more than " + maxDecimals + " decimals, finer than piapi counts");
        } else if (usd.compareTo(Money.MAX_PRICE) > 0) {
            problems.error(f.node(key), f.path(key), "'" + text + "' is above " + Money.MAX_PRICE + " dollars: check the unit (" + unit + ")");
        } else {
            return maxDecimals == 6 ? Money.picosPerToken(usd) : Money.picosPerSearch(usd);
        }
        return INVALID;
    }

    /** The input size above which the long-context prices apply: a whole number of tokens. */
    private long threshold(MappingReader t, YamlNode at) {
        String text = t.string("above");
        if (text == null) {
            if (!t.wrongType("above")) problems.error(at, t.path(), "missing 'above' (the input tokens past which these prices apply, e.g. 200000)");
            return INVALID;
        }
        boolean digits = !text.isEmpty() && text.length() <= 12 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || Long.parseLong(text) < 1) {
            problems.error(t.node("above"), t.path("above"), "'" + text + "' is not a number of tokens; write a whole number above 0, e.g. 200000");
            return INVALID;
        }
        return Long.parseLong(text);
    }

    /** A plain decimal of digits and one optional point ({@code 3}, {@code 0.30}, {@code .5}); no sign, no exponent. */
    private static BigDecimal decimal(String text) {
        String number = text.startsWith("$") ? text.substring(1) : text;
        if (number.isEmpty() || number.equals(".") || !number.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')) return null;
        try {
            return new BigDecimal(number);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> missing(TokenPrices base, TokenPrices tier) {
        List<String> names = new ArrayList<>();
        if (base.cacheRead() >= 0 && tier.cacheRead() < 0) names.add("cacheRead");
        if (base.cacheWrite5m() >= 0 && tier.cacheWrite5m() < 0) names.add("cacheWrite5m");
        if (base.cacheWrite1h() >= 0 && tier.cacheWrite1h() < 0) names.add("cacheWrite1h");
        return names;
    }
}
