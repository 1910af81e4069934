package piapi.yaml;

/**
 * A parsed YAML node: a {@link YamlScalar}, a {@link YamlMapping} or a {@link YamlSequence}.
 *
 * <p>The set is closed so that callers can {@code switch} over it exhaustively. Every node knows
 * where it starts in the source, so that schema errors found later can point at the right place.
 */
public sealed interface YamlNode permits YamlScalar, YamlMapping, YamlSequence {
    /** Where the node starts: see {@link YamlParser} for which character that is. */
    Position position();
}
