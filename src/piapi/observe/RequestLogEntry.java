package piapi.observe;

import java.net.URI;
import piapi.http.Outcome;
import piapi.http.RequestRecord;

/**
 * One finished proxied request as the request log keeps it: the same facts as its access-log line.
 * {@code upstreamUrl} may hold a query-auth key; show it only through {@link Redaction#url}.
 *
 * @param sequence    order of completion (higher finished later)
 * @param startNanos  when the request started, on the monotonic clock: the log's order
 * @param startMillis when the request started, epoch milliseconds
 * @param firstByteNanos start to the upstream's response headers, -1 when none arrived
 */
public record RequestLogEntry(long sequence, long startNanos, long startMillis, String requestId, String method, String path, String user,
                              String serviceType, String provider, String keyName, URI upstreamUrl, int upstreamStatus,
                              int status, long bytesIn, long bytesOut, long firstByteNanos, long totalNanos, int attempts,
                              Outcome outcome, String error) {

    static RequestLogEntry of(long sequence, RequestRecord r) {
        return new RequestLogEntry(sequence, r.startNanos(), r.startEpochMillis(), r.id(), r.method(), r.path(), r.user(), r.serviceType(),
                r.provider(), r.keyName(), r.upstreamUrl(), r.upstreamStatus(), r.status(), r.bytesIn(), r.bytesOut(),
                r.firstByteNanos(), r.totalNanos(), r.attempts(), r.outcome(), r.error());
    }

    /** Answered as the client wanted: no failure on the way, and a status below 400. */
    public boolean success() {
        return outcome == Outcome.OK && status >= 100 && status < 400;
    }

    @Override
    public String toString() { // the URL can hold a query-auth key
        return "RequestLogEntry[" + requestId + " " + method + " " + path + " " + status + " " + outcome.label() + "]";
    }
}
