package piapi.usage;

import java.nio.charset.StandardCharsets;

/**
 * One recorded answer, written to a provider's published format, with the counts written in it.
 *
 * @param name        what it shows
 * @param protocol    the request's protocol
 * @param contentType the answer's Content-Type
 * @param text        the body exactly as the upstream sends it
 * @param usage       the counts the meter must read from it
 * @param model       the model the answer names
 * @param state       the reading's state when the body ends cleanly
 */
record Fixture(String name, Protocol protocol, String contentType, String text, Usage usage, String model, UsageReading.State state) {
    /** U+2028 and U+2029 are written as these marks (javac strips them as white space near a text block's line end). */
    Fixture {
        text = text.replace("{U+2028}", "\u2028").replace("{U+2029}", "\u2029");
    }

    static final String SSE = "text/event-stream";
    static final String JSON = "application/json";

    byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The same answer with every line feed written as CR LF. */
    Fixture crlf() {
        return new Fixture(name + " (CRLF)", protocol, contentType, text.replace("\n", "\r\n"), usage, model, state);
    }

    /** The same answer with every line feed written as a lone CR (legal in SSE, rare). */
    Fixture cr() {
        return new Fixture(name + " (CR)", protocol, contentType, text.replace("\n", "\r"), usage, model, state);
    }

    @Override
    public String toString() {
        return name;
    }

    /** A Usage with counts in this order: input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning, webSearches. */
    static Usage usage(long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output, long reasoning, long webSearches) {
        return new Usage(input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning, webSearches);
    }

    static final long ABSENT = Usage.ABSENT;
}
