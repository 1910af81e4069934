package piapi.observe;

/**
 * Histogram bucket bounds (seconds) chosen for LLM traffic, documented in the README. Quick refusals
 * take milliseconds, streamed replies minutes, non-streamed replies arrive whole after up to the
 * first-byte timeout (10 minutes by default), and piapi's own share is well under a millisecond.
 */
final class Buckets {
    private Buckets() {}

    /**
     * Whole request, start to last byte. Starts with Prometheus' default buckets
     * (5 ms to 10 s) so existing queries on {@code le} keep working, then goes on to 10 minutes.
     */
    static final double[] LATENCY = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 180, 300, 600};

    /**
     * Request start to the upstream's response headers: a streaming reply starts in 0.2-5 s, a
     * non-streaming one only when it is complete.
     */
    static final double[] FIRST_BYTE = {0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120, 300, 600};

    /** Time piapi itself adds (total minus upstream waits): sub-millisecond resolution, up to one second. */
    static final double[] OVERHEAD = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
}
