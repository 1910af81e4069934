package piapi.yaml;

/**
 * A place in the YAML source: 1-based line and 1-based column.
 *
 * <p>Columns count Unicode code points, so a position after a non-ASCII character is still the
 * column an editor shows. {@link #toString()} gives {@code line:column}, the form used in every
 * {@link YamlException} message.
 */
public record Position(int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
