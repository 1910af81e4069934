package piapi.config;

import java.time.Duration;

/**
 * Upstream timeouts. There is deliberately no limit on a stream's total length.
 *
 * @param connect   TCP (and TLS) connect to the upstream; default 10 s
 * @param firstByte from sending the request to the upstream's response headers; default 600 s, because
 *                  non-streaming LLM replies arrive whole, late
 * @param idle      longest silence between two reads of the response body; default 600 s (Claude Code
 *                  streams show silent gaps of several minutes)
 * @param heartbeat during a silence of the upstream on a server-sent event stream, piapi writes an SSE comment
 *                  line this often (only between events), so a client that has left is noticed and the
 *                  upstream call cancelled; default 5 s, zero turns it off
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration heartbeat) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
    public static final Timeouts DEFAULTS =
            new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(600), Duration.ofSeconds(600), DEFAULT_HEARTBEAT);

    /** These timeouts with the default heartbeat. */
    public Timeouts(Duration connect, Duration firstByte, Duration idle) {
        this(connect, firstByte, idle, DEFAULT_HEARTBEAT);
    }
}
