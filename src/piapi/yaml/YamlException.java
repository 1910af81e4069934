package piapi.yaml;

import java.util.Objects;

/**
 * A YAML syntax error (or, when thrown by callers, an error about a value at a known place).
 *
 * <p>{@link #getMessage()} is {@code "<problem> at <line>:<column>"};
 * {@link #problem()} and {@link #position()} give the two parts separately.
 */
public final class YamlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String problem;
    // Kept as ints rather than a Position so the exception stays serializable without
    // making the public Position record Serializable.
    private final int line;
    private final int column;

    /** An error described by {@code problem} at {@code position}. */
    public YamlException(String problem, Position position) {
        super(Objects.requireNonNull(problem, "problem") + " at " + position);
        this.problem = problem;
        this.line = position.line();
        this.column = position.column();
    }

    /** Where the offending character is. */
    public Position position() {
        return new Position(line, column);
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }
}
