package piapi.usage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prices of the {@code pricing:} section, indexed at config load by normalised model id (see
 * {@link ModelIds}). {@link #cost} is a pure function of the prices, the model and the token counts: tokens
 * are the record, and any period's cost can be computed again after a price is corrected.
 */
public final class Pricing {
    /** The cost of a request that cannot be priced: never $0. */
    public static final long UNPRICED = -1;
    /** No {@code pricing:} section: every request is unpriced (except those that used nothing). */
    public static final Pricing NONE = new Pricing(List.of());

    private final List<ModelPrice> prices;
    private final Map<String, ModelPrice> bySpecificId = new HashMap<>();
    private final Map<String, ModelPrice> byBaseId = new HashMap<>();
    /**
     * Model ids as requests and answers spell them, to their price (empty: none), so a request's cost does not
     * normalise its id again: a few distinct ids serve every request. Bounded: past {@value #CACHED_IDS} ids (a
     * client inventing model names) new ones are looked up every time instead, with the same result. One per
     * config, so a reload starts afresh; null when there is nothing to price.
     */
    private final Map<String, Optional<ModelPrice>> byRequestedId;
    static final int CACHED_IDS = 1024;
    /** Longer ids (a Gemini path can name one of kilobytes) are not remembered, so the map stays within about 300 KiB. */
    static final int CACHED_ID_CHARS = 256;

    private Pricing(List<ModelPrice> prices) {
        this.prices = List.copyOf(prices);
        this.byRequestedId = this.prices.isEmpty() ? null : new ConcurrentHashMap<>();
        for (ModelPrice p : this.prices) {
            String specific = ModelIds.specific(p.model());
            if (bySpecificId.putIfAbsent(specific, p) != null) {
                throw new IllegalArgumentException("two prices for model " + specific);
            }
            // an undated price covers every dated snapshot of the model; a dated price only its snapshot
            if (ModelIds.base(specific).equals(specific)) byBaseId.put(specific, p);
        }
    }

    /**
     * Prices indexed by model.
     *
     * @throws IllegalArgumentException when two entries name the same model once normalised (the binder reports it first)
     */
    public static Pricing of(List<ModelPrice> prices) {
        return prices.isEmpty() ? NONE : new Pricing(prices);
    }

    /** Every price, in config order. */
    public List<ModelPrice> prices() {
        return prices;
    }

    public boolean isEmpty() {
        return prices.isEmpty();
    }

    /** The price of a model: its exact (normalised) id first, then the undated id; null when it has none. */
    public ModelPrice price(String model) {
        if (model == null || model.isBlank() || prices.isEmpty()) return null;
        Optional<ModelPrice> known = byRequestedId.get(model);
        if (known != null) return known.orElse(null);
        ModelPrice p = lookUp(model);
        // the size check and the insert are not atomic: racing threads may add a few past the bound, never more than one each
        if (model.length() <= CACHED_ID_CHARS && byRequestedId.size() < CACHED_IDS) byRequestedId.putIfAbsent(model, Optional.ofNullable(p));
        return p;
    }

    /** Ids remembered by {@link #price}: for the test of the bound. */
    int cachedIds() {
        return byRequestedId == null ? 0 : byRequestedId.size();
    }

    private ModelPrice lookUp(String model) {
        String specific = ModelIds.specific(model);
        ModelPrice p = bySpecificId.get(specific);
        return p != null ? p : byBaseId.get(ModelIds.base(specific));
    }

    /**
     * A request's cost in nano-dollars: 0 when it used no token at all (a count_tokens call), whatever the model;
     * {@link #UNPRICED} when its usage is unknown, its model has no price, or it used tokens of a kind the model
     * has no price for. A model priced at 0 costs 0.
     */
    public long cost(String model, Usage usage) {
        if (!usage.known()) return UNPRICED;
        if (nothingUsed(usage)) return 0;
        ModelPrice p = price(model);
        return p == null ? UNPRICED : p.cost(usage);
    }

    /**
     * A request's cost from its reading: the model that answered is priced (it is the one billed, dated as the
     * provider bills it), or the model requested when the answer named none.
     */
    public long cost(UsageReading reading, String modelRequested) {
        return cost(reading.modelAnswered() != null ? reading.modelAnswered() : modelRequested, reading.usage());
    }

    private static boolean nothingUsed(Usage u) {
        return u.uncachedInput() <= 0 && u.cacheRead() <= 0 && u.cacheWrite5m() <= 0 && u.cacheWrite1h() <= 0 && u.output() <= 0
                && u.webSearches() <= 0;
    }
}
