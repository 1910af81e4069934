package piapi.yaml;

import java.util.List;

/**
 * The read position over the content lines: a row (which line) and a column index in it.
 *
 * <p>All parsing is line-bound (no construct here spans lines), so the cursor only moves
 * within a line or to the start of the next content line, and {@link #peek()} reports
 * {@link #END} at the end of a line rather than running into the next one.
 */
final class Cursor {
    /** What {@link #peek()} returns past the end of the line. */
    static final int END = -1;

    private final List<Line> lines;
    private int row;
    private int col;
    // Code points before memoIndex on line memoRow: positions are mostly asked for left to
    // right, so counting on from the last one keeps a long line linear instead of quadratic.
    private int memoRow = -1;
    private int memoIndex;
    private int memoColumns;

    Cursor(List<Line> lines) {
        this.lines = lines;
        this.col = lines.isEmpty() ? 0 : lines.get(0).indent();
    }

    static boolean isBlank(int c) {
        return c == ' ' || c == '\t';
    }

    /** Whether every content line has been consumed. */
    boolean atEnd() {
        return row >= lines.size();
    }

    /** The indentation of the current line. */
    int indent() {
        return lines.get(row).indent();
    }

    /** The text of the current line. */
    String text() {
        return lines.get(row).text();
    }

    int col() {
        return col;
    }

    void moveTo(int column) {
        col = column;
    }

    void advance() {
        col++;
    }

    int peek() {
        return peek(0);
    }

    int peek(int offset) {
        if (atEnd()) {
            return END;
        }
        int i = col + offset;
        return i < text().length() ? text().charAt(i) : END;
    }

    /** Whether the character at {@code offset} is a blank or the end of the line. */
    boolean blankOrEnd(int offset) {
        int c = peek(offset);
        return c == END || isBlank(c);
    }

    void skipBlanks() {
        while (isBlank(peek())) {
            col++;
        }
    }

    /**
     * Whether nothing but a comment remains. Only asked where a token could start, and there a
     * '#' always starts a comment, as in yaml.v3 (so {@code 'v'#c} and {@code [a]#c} end in
     * comments); inside a plain scalar a '#' needs a blank before it, which ScalarReader checks.
     */
    boolean atLineEnd() {
        int c = peek();
        return c == END || c == '#';
    }

    /** Whether the cursor is at a block sequence indicator: '-' followed by a blank or the end. */
    boolean atSequenceItem() {
        return peek() == '-' && blankOrEnd(1);
    }

    /** Whether the cursor is at a mapping value indicator: ':' followed by a blank or the end. */
    boolean atMappingColon() {
        return peek() == ':' && blankOrEnd(1);
    }

    /** Moves to the first content character of the next line (or to the end). */
    void nextLine() {
        row++;
        col = atEnd() ? 0 : indent();
    }

    Position position() {
        return position(col);
    }

    Position position(int column) {
        if (atEnd()) {
            // Only reachable through a bug; still give a usable place: just past the last line.
            return new Position(lines.isEmpty() ? 1 : lines.get(lines.size() - 1).number() + 1, 1);
        }
        if (row != memoRow || column < memoIndex) {
            memoRow = row;
            memoIndex = 0;
            memoColumns = 0;
        }
        memoColumns += text().codePointCount(memoIndex, column);
        memoIndex = column;
        return new Position(lines.get(row).number(), memoColumns + 1);
    }

    YamlException error(String problem) {
        return new YamlException(problem, position());
    }

    YamlException error(String problem, int column) {
        return new YamlException(problem, position(column));
    }
}
