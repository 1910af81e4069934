package piapi.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the source into content lines and deals with everything that is decided per line:
 * the BOM, line breaks, blank and comment lines, document markers, directives, tabs in
 * indentation and characters YAML does not allow.
 *
 * <p>Doing this up front leaves the block parser a plain list of indented lines.
 */
final class SourceLines {
    private final List<Line> lines = new ArrayList<>();
    private boolean started; // a "---" has been seen
    private boolean ended; // a "..." has been seen
    private boolean hasContent;

    private SourceLines() {
    }

    /** The content lines of {@code text}, in order; empty when there is no content. */
    static List<Line> split(String text) throws YamlException {
        SourceLines source = new SourceLines();
        // The BOM is an encoding mark, not content; columns on line 1 count from after it.
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int number = 1;
        while (true) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            source.add(number, text.substring(start, end));
            if (end == text.length()) {
                return List.copyOf(source.lines);
            }
            // "\r\n" (Windows), "\n" and a lone "\r" are each one line break, as in YAML.
            start = end + (text.startsWith("\r\n", end) ? 2 : 1);
            number++;
        }
    }

    private void add(int number, String text) throws YamlException {
        checkCharacters(number, text);
        int first = 0;
        while (first < text.length() && Cursor.isBlank(text.charAt(first))) {
            first++;
        }
        if (first == text.length() || text.charAt(first) == '#') {
            return; // blank or comment-only: tabs are harmless here, so they are not checked
        }
        if (first == 0 && isMarker(text, "---")) {
            if (started || hasContent || ended) {
                throw error("multiple documents are not supported", number, text, 0);
            }
            started = true;
            checkNothingAfterMarker(number, text, "---");
            return;
        }
        if (first == 0 && isMarker(text, "...")) {
            ended = true;
            checkNothingAfterMarker(number, text, "...");
            return;
        }
        if (first == 0 && text.charAt(0) == '%') {
            throw error("directives are not supported", number, text, 0);
        }
        if (ended) {
            // Content after "..." starts a new (bare) document.
            throw error("multiple documents are not supported", number, text, first);
        }
        int tab = text.indexOf('\t');
        if (tab >= 0 && tab < first) {
            throw error("tab character in indentation; use spaces", number, text, tab);
        }
        // With no tab before it, the first content character's index is the indentation.
        lines.add(new Line(number, text, first));
        hasContent = true;
    }

    /** A document marker is the three characters at column 1 followed by a blank or the end. */
    private static boolean isMarker(String text, String marker) {
        return text.startsWith(marker)
                && (text.length() == 3 || Cursor.isBlank(text.charAt(3)));
    }

    private static void checkNothingAfterMarker(int number, String text, String marker)
            throws YamlException {
        int i = marker.length();
        while (i < text.length() && Cursor.isBlank(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) != '#') {
            throw error("content on the '" + marker + "' line is not supported;"
                    + " put it on the next line", number, text, i);
        }
    }

    /**
     * Rejects control characters other than tab (YAML allows only printable characters). They
     * are invisible in editors, so a clear error beats a value with a hidden byte in it.
     */
    private static void checkCharacters(int number, String text) throws YamlException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c >= 0x7F && c <= 0x9F) {
                throw error(String.format("control character U+%04X is not allowed;"
                        + " use an escape in a double-quoted string", (int) c), number, text, i);
            }
        }
    }

    private static YamlException error(String problem, int number, String text, int index) {
        return new YamlException(problem,
                new Position(number, text.codePointCount(0, index) + 1));
    }
}
