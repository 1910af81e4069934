package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The event boundary tracker against a plain reading of the whole stream: at every point of a stream, however it
 * is cut into chunks, it says "between events" exactly where a comment line could go without landing inside
 * an event, in LF, CRLF and CR streams.
 */
class EventBoundaryTest {
    /** Events with multi-line data, an id, a comment of the upstream's own, blank lines before the first event. */
    static String stream(String eol) {
        return String.join(eol, "", "event: message_start", "data: {\"a\":1}", "", "id: 7", "data: line one", "data: line two", "",
                ": upstream's own comment", "", "data: x", "", "", "event: done", "data: [DONE]", "", "");
    }

    /**
     * Where a comment may go, from the whole text: the start, and right after each line end that ends an empty line
     * (for CRLF, after its LF; a CR that an LF follows is the first half of one line end).
     */
    static TreeSet<Integer> boundaries(byte[] s) {
        TreeSet<Integer> at = new TreeSet<>();
        at.add(0);
        boolean lineEmpty = true;
        for (int i = 0; i < s.length; i++) {
            byte c = s[i];
            if (c == '\r' || c == '\n') {
                int end = c == '\r' && i + 1 < s.length && s[i + 1] == '\n' ? ++i : i;
                if (lineEmpty) at.add(end + 1);
                lineEmpty = true;
            } else {
                lineEmpty = false;
            }
        }
        return at;
    }

    /** Feeds {@code s} cut at {@code cuts} and checks the tracker after every chunk. */
    static void feed(byte[] s, List<Integer> cuts, TreeSet<Integer> expected, String eol) {
        EventBoundary b = new EventBoundary();
        int from = 0;
        for (int cut : cuts) {
            b.accept(s, from, cut - from);
            from = cut;
            // A CR at the very end of what was written is undecided (an LF may follow) in a CRLF stream, and in any
            // stream whose ending is not known yet: only "not between events" is safe there.
            boolean undecided = s[cut - 1] == '\r' && (eol.equals("\r\n") || firstCr(s) == cut - 1);
            boolean expectedHere = expected.contains(cut) && !undecided;
            assertEquals(expectedHere, b.betweenEvents(), "after " + cut + " bytes of " + eol.replace("\r", "CR").replace("\n", "LF")
                    + " cut at " + cuts + ": '" + new String(s, 0, cut, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n") + "'");
        }
    }

    static int firstCr(byte[] s) {
        for (int i = 0; i < s.length; i++) if (s[i] == '\r') return i;
        return -1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void everySingleCutAndEveryByteAloneAgreeWithAPlainReading(String eol) {
        byte[] s = stream(eol).getBytes(StandardCharsets.UTF_8);
        TreeSet<Integer> expected = boundaries(s);
        for (int cut = 1; cut < s.length; cut++) feed(s, List.of(cut, s.length), expected, eol);
        List<Integer> everyByte = new ArrayList<>();
        for (int i = 1; i <= s.length; i++) everyByte.add(i);
        feed(s, everyByte, expected, eol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void randomCutsAgreeWithAPlainReading(String eol) {
        byte[] s = stream(eol).getBytes(StandardCharsets.UTF_8);
        TreeSet<Integer> expected = boundaries(s);
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            TreeSet<Integer> cuts = new TreeSet<>();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) cuts.add(1 + random.nextInt(s.length));
            cuts.add(s.length);
            feed(s, List.copyOf(cuts), expected, eol);
        }
    }

    @Test
    void theCommentMatchesTheStreamsLineEnding() {
        assertEquals(":\n", comment("data: a\n\n"));
        assertEquals(":\r\n", comment("data: a\r\n\r\n"));
        assertEquals(":\r", comment("data: a\r\rdata: b\r\r"));
        assertEquals(":\n", comment(""), "nothing seen yet: LF");
        EventBoundary split = new EventBoundary();
        split.accept(bytes("data: a\r"), 0, 8);
        assertEquals(EventBoundary.Ending.UNKNOWN, split.ending(), "a CR at a chunk's end does not tell yet");
        split.accept(bytes("\n\r\n"), 0, 3);
        assertEquals(EventBoundary.Ending.CRLF, split.ending());
    }

    @Test
    void aCrLfCutBetweenItsTwoBytesIsNotABoundaryUntilTheLfArrives() {
        EventBoundary b = new EventBoundary();
        b.accept(bytes("data: a\r\n\r"), 0, 10);
        assertEquals(false, b.betweenEvents());
        b.accept(bytes("\n"), 0, 1);
        assertEquals(true, b.betweenEvents());
    }

    static String comment(String written) {
        EventBoundary b = new EventBoundary();
        byte[] w = bytes(written);
        b.accept(w, 0, w.length);
        return new String(b.comment(), StandardCharsets.US_ASCII);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
