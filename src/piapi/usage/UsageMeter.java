package piapi.usage;

import java.net.http.HttpHeaders;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads the token usage of one answer from the bytes the relay passes to the client, as they pass: the relay
 * calls {@link #begin} with the status and headers, {@link #accept} after writing each read to the client,
 * and {@link #finish} when the body ended. The meter never holds, delays or changes a byte: each call scans
 * the bytes it is given and returns, keeping only fixed-size state (about 2 KiB, plus an inflater's buffers
 * for a compressed answer), however long the answer. Not thread-safe: one meter per request, used by the one
 * thread relaying it.
 *
 * <p>A compressed answer ({@code Content-Encoding: gzip} or {@code deflate}) is decompressed as a side copy
 * for the parser only; any other encoding leaves the usage unknown ({@link MeterIssue#UNSUPPORTED_ENCODING}).
 * Nothing here throws on any input.
 */
public final class UsageMeter {
    private final Protocol protocol;
    private boolean begun;
    private BodyParser parser;
    private SideInflater inflater;
    /** Set.of() until an issue arises: most answers have none, and an empty immutable set is copied into the reading for free. */
    private Set<MeterIssue> issues = Set.of();
    private UsageReading reading;

    public UsageMeter(Protocol protocol) {
        this.protocol = protocol;
    }

    /** The response's status and headers, before its first body byte. */
    public void begin(int status, HttpHeaders headers) {
        begin(status, headers.firstValue("content-type").orElse(null), headers.firstValue("content-encoding").orElse(null));
    }

    /**
     * The response's status and the two headers the meter reads, before its first body byte.
     *
     * @param contentType     {@code text/event-stream} is read as SSE; a JSON type as one JSON document; anything
     *                        else (or null) by its first byte
     * @param contentEncoding null or identity, gzip, deflate; anything else leaves the usage unknown
     */
    public void begin(int status, String contentType, String contentEncoding) {
        if (begun) return;
        begun = true;
        FieldTable table = FieldTable.of(protocol);
        if (table == null || status == 204 || status == 304) return;
        ContentCoding coding = ContentCoding.of(contentEncoding);
        if (coding == ContentCoding.UNSUPPORTED) {
            issue(MeterIssue.UNSUPPORTED_ENCODING);
            return;
        }
        parser = new BodyParser(protocol, table, eventStream(contentType));
        if (coding != ContentCoding.IDENTITY) inflater = new SideInflater(coding == ContentCoding.GZIP, parser);
    }

    /** Bytes just written to the client: read during this call only, never kept or changed. */
    public void accept(byte[] buffer, int offset, int length) {
        if (!begun) begin(200, null, null);
        if (parser == null || length <= 0 || reading != null) return;
        if (inflater != null) {
            inflater.bytes(buffer, offset, length);
        } else {
            parser.bytes(buffer, offset, length);
        }
    }

    /**
     * The usage read; later calls return the same reading.
     *
     * @param complete whether the upstream ended the body cleanly and the client received all of it
     */
    public UsageReading finish(boolean complete) {
        if (reading == null) {
            reading = read(complete);
            if (inflater != null) inflater.close();
        }
        return reading;
    }

    private UsageReading read(boolean complete) {
        if (protocol.countsTokensOnly()) return UsageReading.FREE;
        MeterIssue decoding = inflater == null ? null : inflater.failure();
        if (decoding != null) issue(decoding);
        UsageTally tally = parser == null ? null : parser.tally();
        if (tally == null) return new UsageReading(Usage.UNKNOWN, null, UsageReading.State.UNKNOWN, issues);
        if (parser.tooDeep()) issue(MeterIssue.NESTING_TOO_DEEP);
        if (tally.modelTooLong()) issue(MeterIssue.MODEL_TOO_LONG);
        if (!tally.seen() || decoding == MeterIssue.CORRUPT_ENCODING) {
            return new UsageReading(Usage.UNKNOWN, tally.model(), UsageReading.State.UNKNOWN, issues);
        }
        boolean whole = complete && tally.sawFinal() && decoding == null && (inflater == null || inflater.endedCleanly());
        return new UsageReading(tally.usage(), tally.model(), whole ? UsageReading.State.COMPLETE : UsageReading.State.PARTIAL, issues);
    }

    private void issue(MeterIssue issue) {
        if (issues.isEmpty()) issues = EnumSet.noneOf(MeterIssue.class);
        issues.add(issue);
    }

    /** TRUE for an event stream, FALSE for JSON, null when the type says neither. */
    static Boolean eventStream(String contentType) {
        if (contentType == null) return null;
        int i = 0;
        while (i < contentType.length() && contentType.charAt(i) == ' ') i++;
        if (contentType.regionMatches(true, i, "text/event-stream", 0, 17)) return Boolean.TRUE;
        for (int j = i; j + 4 <= contentType.length(); j++) {
            if (contentType.regionMatches(true, j, "json", 0, 4)) return Boolean.FALSE;
        }
        return null;
    }
}
