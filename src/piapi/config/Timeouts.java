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
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle) {
    public static final Timeouts DEFAULTS =
            new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(600), Duration.ofSeconds(600));
}
