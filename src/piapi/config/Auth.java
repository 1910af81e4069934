package piapi.config;

/**
 * How a provider key is presented upstream.
 *
 * @param mode   {@code header}: {@code name: prefix + key}; {@code query}: {@code ?name=key}
 * @param name   the header or query parameter name
 * @param prefix prepended to the key in header mode ({@code "Bearer "} by default only for Authorization)
 */
public record Auth(Mode mode, String name, String prefix) {

    public enum Mode {
        HEADER, QUERY;

        public String configName() {
            return this == HEADER ? "header" : "query";
        }
    }

    /** What a service without an {@code auth} block gets: the bearer header OpenAI-style APIs expect. */
    public static final Auth DEFAULT = new Auth(Mode.HEADER, "Authorization", "Bearer ");
}
