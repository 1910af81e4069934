package piapi.yaml;

import java.util.Objects;

/**
 * A scalar, kept as text: no type resolution happens here.
 *
 * <p>For a plain scalar {@code value} is its source text with trailing blanks removed, so
 * {@code 12345}, {@code 0x1F}, {@code 1.50} and {@code true} all stay exactly as written and the
 * caller decides what they mean. For quoted scalars {@code value} is the unescaped content.
 *
 * @param value the text (never null; empty for an empty value)
 * @param style how the scalar was written
 * @param position its first character (the opening quote for quoted scalars)
 */
public record YamlScalar(String value, Style style, Position position) implements YamlNode {

    /** How a scalar was written in the source. */
    public enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED }

    public YamlScalar {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(position, "position");
    }

    /**
     * Whether this is YAML's null: a plain scalar that is empty, {@code ~}, {@code null},
     * {@code Null} or {@code NULL}. A quoted {@code "null"} is a string, not null.
     */
    public boolean isNull() {
        return style == Style.PLAIN
                && switch (value) {
                    case "", "~", "null", "Null", "NULL" -> true;
                    default -> false;
                };
    }
}
