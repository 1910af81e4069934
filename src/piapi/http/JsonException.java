package piapi.http;

/**
 * A JSON text that does not conform to RFC 8259, with the position of the first problem.
 *
 * <p>The message reads {@code "<problem> at <line>:<column>"}, for example
 * {@code "Expected ',' or ']' at 3:17"}. Lines and columns are 1-based; columns count UTF-16
 * chars, and a problem at the end of the input points just past the last char.
 */
public final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final int line;
    private final int column;

    /**
     * Creates an exception for {@code problem} found at {@code line}:{@code column}.
     *
     * @param problem what is wrong, without the position, e.g. {@code "Expected value"}
     * @param line    1-based line number
     * @param column  1-based column number
     */
    public JsonException(String problem, int line, int column) {
        super(problem + " at " + line + ":" + column);
        this.problem = problem;
        this.line = line;
        this.column = column;
    }

    /** Returns the 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** Returns the 1-based column of the problem. */
    public int column() {
        return column;
    }

    /** Returns the problem without its position, e.g. {@code "Unexpected end of input"}. */
    public String problem() {
        return problem;
    }
}
