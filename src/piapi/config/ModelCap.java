package piapi.config;

import java.util.List;

/**
 * A cost cap that covers only some models ({@code limits...modelCaps[]}), on top of the caps that cover every
 * model. A pattern is a model id, or a prefix ending in {@code *} ({@code claude-opus-*}); matching is plain
 * string comparison, prepared at config load.
 *
 * @param models            the patterns as written
 * @param costPerDayNanos   the most these models may cost per calendar day, in nano-dollars; {@link UserLimits#UNLIMITED} for none
 * @param costPerMonthNanos the same per calendar month
 */
public record ModelCap(List<String> models, long costPerDayNanos, long costPerMonthNanos) {
    public ModelCap {
        models = List.copyOf(models);
    }

    /** Whether the cap counts this model's cost (a null or empty model matches no pattern). */
    public boolean covers(String model) {
        if (model == null || model.isEmpty()) return false;
        for (String p : models) {
            if (p.endsWith("*") ? model.startsWith(p.substring(0, p.length() - 1)) : model.equals(p)) return true;
        }
        return false;
    }

    /** How refusals and the limits view name the cap's scope: {@code models:claude-opus-*,o3}. */
    public String scope() {
        return "models:" + String.join(",", models);
    }
}
