package piapi.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piapi.http.AbortExchange;
import piapi.http.HopByHop;
import piapi.http.Outcome;
import piapi.http.RequestRecord;

/**
 * Relays an upstream response: status, filtered headers, then the body as it arrives. Server-sent events
 * and bodies of unknown length are flushed after every read, so each event reaches the client before the
 * next upstream read; other bodies are flushed whenever the upstream has nothing more buffered. A break of either side ends the exchange abruptly (see {@link AbortExchange}).
 */
final class ResponseRelay {
    /** Response headers the relay sets itself (framing) or that must not leave this hop. */
    private static final Set<String> DROPPED = HopByHop.caseInsensitive("Content-Length", "Alt-Svc");
    /** Read size for bodies of unknown length: an SSE event or a JSON chunk fits many times over. */
    private static final int BUFFER = 8 * 1024;
    /** Largest read buffer, for long bodies of known length. */
    private static final int MAX_BUFFER = 32 * 1024;

    private ResponseRelay() {}

    static void relay(HttpExchange exchange, HttpResponse<InputStream> response, RequestRecord record,
                      IdleWatchdog watchdog, long idleNanos) {
        InputStream body = response.body();
        IdleWatchdog.Watch watch = watchdog.watch(body, idleNanos);
        try {
            long length = copyHeaders(response, exchange.getResponseHeaders(), record);
            int status = response.statusCode();
            if (length == 0 && (status == 204 || status == 304 || status < 200 || exchange.getRequestMethod().equals("HEAD"))) {
                length = -1; // these never have a body
            }
            boolean flushEachRead = length == 0 || isEventStream(exchange.getResponseHeaders().getFirst("Content-Type"));
            record.status(status);
            OutputStream out;
            try {
                exchange.sendResponseHeaders(status, length);
                out = exchange.getResponseBody();
            } catch (IOException e) {
                throw clientGone(record, body);
            }
            if (length != -1 && isEventStream(exchange.getResponseHeaders().getFirst("Content-Type"))) record.streamStarted();
            // Sized to the body: most replies are a few KiB, and a zeroed 16 KiB array per request was the
            // largest allocation on the proxy's hot path (JFR allocation profile, make bench).
            int size = length > 0 ? (int) Math.min(length, MAX_BUFFER) : BUFFER;
            copyBody(body, out, new byte[size], flushEachRead, watch, record);
        } finally {
            watch.cancel();
            closeQuietly(body);
        }
    }

    /** Copies allowed headers; returns the length for sendResponseHeaders: n > 0, -1 for none, 0 for chunked. */
    private static long copyHeaders(HttpResponse<?> response, Headers out, RequestRecord record) {
        Map<String, List<String>> headers = response.headers().map();
        Set<String> connectionTokens = HopByHop.connectionTokens(headers.get("connection"));
        boolean upstreamId = false;
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            String name = h.getKey();
            if (name.startsWith(":") || DROPPED.contains(name) || HopByHop.isHopByHop(name) || connectionTokens.contains(name)) continue;
            if (name.equalsIgnoreCase("x-request-id") || name.equalsIgnoreCase("request-id")) upstreamId = true;
            out.put(name, h.getValue());
        }
        // The upstream's own id is what SDKs report; piapi's id is added only when there is none.
        if (!upstreamId) out.set("X-Request-ID", record.id());
        long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
        return declared > 0 ? declared : declared == 0 ? -1 : 0;
    }

    private static void copyBody(InputStream body, OutputStream out, byte[] buffer, boolean flushEachRead, IdleWatchdog.Watch watch,
                                 RequestRecord record) {
        while (true) {
            long before = System.nanoTime();
            int n;
            try {
                n = body.read(buffer);
            } catch (IOException e) {
                record.addUpstreamWait(System.nanoTime() - before);
                throw upstreamBroke(record, watch, e);
            }
            record.addUpstreamWait(System.nanoTime() - before);
            if (n < 0) break;
            watch.touch();
            // Streams are flushed every read; other bodies whenever the next read could block, so bytes
            // never sit in our buffer while we wait on the upstream, yet bulk copies batch their writes.
            boolean flush = flushEachRead || nothingBuffered(body);
            try {
                out.write(buffer, 0, n);
                if (flush) out.flush();
            } catch (IOException e) {
                throw clientGone(record, body);
            }
            record.addBytesOut(n);
        }
        if (watch.fired()) throw upstreamBroke(record, watch, null); // the watchdog's close can read as a clean end
        try {
            out.close(); // writes the final chunk: only now is the response complete
        } catch (IOException e) {
            throw clientGone(record, body);
        }
    }

    private static AbortExchange upstreamBroke(RequestRecord record, IdleWatchdog.Watch watch, IOException e) {
        if (watch.fired()) {
            record.outcome(Outcome.TIMEOUT);
            record.error("upstream idle timeout: no body bytes within the idle limit");
        } else {
            record.outcome(Outcome.UPSTREAM_ERROR);
            record.error("upstream broke off mid-body: " + (e == null ? "closed" : e.getClass().getSimpleName()));
        }
        return new AbortExchange("upstream body failed");
    }

    /** The client went away: stop reading the upstream at once (closing the body cancels its exchange). */
    private static AbortExchange clientGone(RequestRecord record, InputStream body) {
        closeQuietly(body);
        record.outcome(Outcome.CLIENT_GONE);
        record.error("client disconnected");
        return new AbortExchange("client gone");
    }

    private static boolean nothingBuffered(InputStream body) {
        try {
            return body.available() == 0;
        } catch (IOException e) {
            return true; // the next read reports the failure
        }
    }

    static boolean isEventStream(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }
}
