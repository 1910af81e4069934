package piapi.http;

import java.net.URI;
import piapi.network.IpAddress;

/**
 * One request as it ended: what the access log, the metrics and the request log are given, all from the
 * same facts. Names only (user, provider, key name), never a key; {@code upstreamUrl} may hold a
 * query-auth key, so it is shown only through redaction.
 *
 * @param startMillis    when the request started, epoch milliseconds
 * @param startNanos     when the request started, on the monotonic clock (the request log's order)
 * @param client         the client address (after trusted-proxy handling)
 * @param upstreamStatus the last upstream response's status, 0 when none arrived
 * @param status         the status sent to the client, 0 when none was sent (the connection was dropped first)
 * @param firstByteNanos start to the upstream's response headers, -1 when none arrived
 * @param upstreamWaitNanos time spent waiting on upstreams (headers and body reads): total minus this is piapi's own time
 * @param streaming      whether a server-sent event stream was relayed
 * @param outcome        how it ended
 * @param error          what went wrong, empty when nothing did
 * @param usage          the models, tokens and cost of a proxied request ({@link RequestUsage#NONE} for other requests)
 */
public record FinishedRequest(String id, String method, String path, long startMillis, long startNanos, IpAddress client, String user,
                              String serviceType, String provider, String keyName, URI upstreamUrl, int upstreamStatus, int status,
                              long bytesIn, long bytesOut, long firstByteNanos, long upstreamWaitNanos, long totalNanos, int attempts,
                              boolean streaming, OutcomeLabel outcome, String error, RequestUsage usage) {

    /** Answered as the client wanted: no failure on the way, and a status below 400. */
    public boolean success() {
        return outcome == OutcomeLabel.OK && status >= 100 && status < 400;
    }

    /** Whether it went to the proxy ({@code /piapi/...}) rather than to a probe, a scrape or the admin API. */
    public boolean proxied() {
        return path.startsWith("/piapi/") || path.equals("/piapi");
    }

    @Override
    public String toString() { // the URL can hold a query-auth key
        return "FinishedRequest[" + id + " " + method + " " + path + " " + status + " " + outcome.label() + "]";
    }
}
