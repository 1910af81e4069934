package piapi.usage;

/**
 * Reads an answer's (decoded) body for usage: an event stream through {@link SseFramer}, anything else as one
 * JSON document. When the content type says neither, the first byte that is not whitespace decides: '{' or
 * '[' is JSON, anything else an event stream.
 */
final class BodyParser implements ByteSink {
    private final Protocol protocol;
    private final FieldTable table;
    private UsageTally tally;
    private JsonScanner json;
    private ByteSink sink;

    /**
     * @param eventStream true for {@code text/event-stream}, false for JSON, null to decide from the first byte
     */
    BodyParser(Protocol protocol, FieldTable table, Boolean eventStream) {
        this.protocol = protocol;
        this.table = table;
        if (eventStream != null) choose(eventStream);
    }

    @Override
    public void bytes(byte[] b, int off, int len) {
        if (sink != null) {
            sink.bytes(b, off, len);
            return;
        }
        int i = off;
        int end = off + len;
        while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
        if (i == end) return;
        choose(b[i] != '{' && b[i] != '[');
        sink.bytes(b, i, end - i);
    }

    private void choose(boolean eventStream) {
        tally = new UsageTally(protocol, eventStream);
        json = new JsonScanner(table, tally);
        sink = eventStream ? new SseFramer(json, tally) : json;
    }

    /** The tally, or null when no byte arrived to decide the format. */
    UsageTally tally() {
        return tally;
    }

    boolean tooDeep() {
        return json != null && json.tooDeep();
    }
}
