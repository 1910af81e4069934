package piapi.usage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The usage of one answer as its events report it, under each protocol's rules. Values found in an event are
 * held as pending until the event is known whole (the object closed and, in a stream, the SSE event
 * dispatched); only then are they committed:
 * <ul>
 *   <li>Anthropic: {@code message_start} usage, then each {@code message_delta} usage (cumulative) merged field
 *       by field; a value never replaces a known one with 0, and a missing field changes nothing.</li>
 *   <li>OpenAI Responses streams: only {@code response.completed}, {@code response.incomplete} and
 *       {@code response.failed} carry the request's usage.</li>
 *   <li>OpenAI Chat, Responses answers and Gemini: the last event with usage wins whole.</li>
 * </ul>
 * A count nobody reported stays {@link Usage#ABSENT}; nothing is estimated.
 */
final class UsageTally implements ScanTarget {
    static final int KIND_NONE = 0;
    static final int KIND_OTHER = 1;
    static final int KIND_MESSAGE_START = 2;
    static final int KIND_TERMINAL = 3;
    private static final byte[] MESSAGE_START = ascii("message_start");
    private static final byte[][] TERMINAL = {ascii("response.completed"), ascii("response.incomplete"), ascii("response.failed")};
    private static final byte[] WEB_SEARCH_CALL = ascii("web_search_call");

    private final Protocol protocol;
    private final boolean streamed;
    private final long[] pending = new long[FieldTable.NUMBERS];
    private final long[] counts = new long[FieldTable.NUMBERS];
    private boolean pendingCounts;
    private int pendingKind;
    private int pendingSearchCalls;
    private long searchCalls = Usage.ABSENT;
    private boolean seen;
    private boolean sawFinal;
    private String model;
    private boolean modelTooLong;

    UsageTally(Protocol protocol, boolean streamed) {
        this.protocol = protocol;
        this.streamed = streamed;
        Arrays.fill(pending, Usage.ABSENT);
        Arrays.fill(counts, Usage.ABSENT);
    }

    @Override
    public void number(int field, long value) {
        pending[field] = value;
        pendingCounts = true;
    }

    @Override
    public void string(int field, CaptureBuffer text) {
        switch (field) {
            case FieldTable.MODEL -> {
                if (model != null || modelTooLong) return;
                if (text.overflow()) {
                    modelTooLong = true;
                } else if (text.length() > 0) {
                    model = text.text();
                }
            }
            case FieldTable.TYPE -> pendingKind = kind(text);
            case FieldTable.ITEM_TYPE -> {
                if (text.is(WEB_SEARCH_CALL)) pendingSearchCalls++;
            }
            default -> { }
        }
    }

    @Override
    public void bool(int field, boolean value) {
        // answers carry no boolean usage fields
    }

    /** A JSON answer's event ends with its object; a stream's waits for the SSE event's dispatch. */
    @Override
    public void eventClosed() {
        if (!streamed) {
            commit(KIND_NONE);
            clearPending();
        }
    }

    /**
     * An SSE event was dispatched.
     *
     * @param sseKind    the kind named by its {@code event:} field, used when its JSON has no {@code type}
     * @param wellFormed whether its data was one whole JSON value
     */
    void dispatched(int sseKind, boolean wellFormed) {
        if (wellFormed) commit(sseKind);
        clearPending();
    }

    private void commit(int sseKind) {
        if (!pendingCounts) return;
        int kind = pendingKind != KIND_NONE ? pendingKind : sseKind;
        switch (protocol) {
            case ANTHROPIC_MESSAGES -> {
                for (int f = 0; f < counts.length; f++) {
                    long value = pending[f];
                    if (value >= 0 && (counts[f] < 0 || value != 0)) counts[f] = value;
                }
                if (kind != KIND_MESSAGE_START) sawFinal = true;
            }
            case OPENAI_RESPONSES -> {
                if (streamed && kind != KIND_TERMINAL) return;
                System.arraycopy(pending, 0, counts, 0, counts.length);
                searchCalls = pendingSearchCalls;
                sawFinal = true;
            }
            default -> {
                System.arraycopy(pending, 0, counts, 0, counts.length);
                sawFinal = true;
            }
        }
        seen = true;
    }

    private void clearPending() {
        if (pendingCounts) Arrays.fill(pending, Usage.ABSENT);
        pendingCounts = false;
        pendingKind = KIND_NONE;
        pendingSearchCalls = 0;
    }

    /** Whether any usage was committed. */
    boolean seen() {
        return seen;
    }

    /** Whether the event that closes the request's usage arrived (Anthropic: a usage after message_start). */
    boolean sawFinal() {
        return sawFinal;
    }

    String model() {
        return model;
    }

    boolean modelTooLong() {
        return modelTooLong;
    }

    /** The committed counts as a {@link Usage}; {@link Usage#UNKNOWN} when none was seen. */
    Usage usage() {
        if (!seen) return Usage.UNKNOWN;
        long input = counts[FieldTable.INPUT];
        long output = counts[FieldTable.OUTPUT];
        long cacheRead = counts[FieldTable.CACHE_READ];
        long reasoning = counts[FieldTable.REASONING];
        return switch (protocol) {
            case ANTHROPIC_MESSAGES -> anthropic(input, cacheRead, output);
            // thoughts are billed as output but reported beside it; tool-use prompts beside the prompt
            case GEMINI -> new Usage(sum(input, counts[FieldTable.TOOL_PROMPT]), cacheRead, Usage.ABSENT, Usage.ABSENT,
                    sum(output, reasoning), reasoning, Usage.ABSENT);
            // cached tokens are inside the prompt count and reasoning inside the completion count already
            default -> new Usage(input, cacheRead, Usage.ABSENT, Usage.ABSENT, output, reasoning,
                    protocol == Protocol.OPENAI_RESPONSES ? searchCalls : Usage.ABSENT);
        };
    }

    /** input_tokens excludes the cache: all input adds cache reads and cache writes. */
    private Usage anthropic(long uncached, long cacheRead, long output) {
        long total = counts[FieldTable.CACHE_WRITE];
        long fiveMinutes = counts[FieldTable.CACHE_WRITE_5M];
        long oneHour = counts[FieldTable.CACHE_WRITE_1H];
        boolean split = fiveMinutes >= 0 || oneHour >= 0;
        long writes = total >= 0 ? total : split ? sum(fiveMinutes, oneHour) : Usage.ABSENT;
        // Without the 5m/1h breakdown every write is a 5-minute one: the only kind before the breakdown existed.
        return new Usage(sum(sum(uncached, cacheRead), writes), cacheRead, split ? fiveMinutes : total, split ? oneHour : Usage.ABSENT,
                output, Usage.ABSENT, counts[FieldTable.WEB_SEARCHES]);
    }

    /** The sum of the reported counts; absent when neither was reported. */
    private static long sum(long a, long b) {
        if (a < 0) return b;
        if (b < 0) return a;
        return a + b;
    }

    /** The kind of an event from its JSON {@code type} or SSE {@code event:} name. */
    static int kind(CaptureBuffer type) {
        if (type.is(MESSAGE_START)) return KIND_MESSAGE_START;
        for (byte[] terminal : TERMINAL) {
            if (type.is(terminal)) return KIND_TERMINAL;
        }
        return KIND_OTHER;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
