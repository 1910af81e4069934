package piapi.proxy;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piapi.http.Exchange;
import piapi.http.HopByHop;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;

/**
 * Relays an upstream response: status, filtered headers, then the body as it arrives. Server-sent events
 * and bodies of unknown length are flushed after every read, so each event reaches the client before the
 * next upstream read; other bodies are flushed whenever the upstream has nothing more buffered. The request's
 * {@link RelayTap}s see the response begin, every chunk once it is written, and its end. It returns how
 * the response ended: {@link Outcome#COMPLETED}, {@link Outcome.Broken} when the upstream broke off or fell silent
 * (the caller then drops the client connection, so the client sees the break), or {@link Outcome#CLIENT_GONE}.
 */
public final class ResponseRelay {
    /** Response headers the relay sets itself (framing) or that must not leave this hop. */
    private static final Set<String> DROPPED = HopByHop.caseInsensitive("Content-Length", "Alt-Svc");
    /** Read size for bodies of unknown length: an SSE event or a JSON chunk fits many times over. */
    private static final int BUFFER = 8 * 1024;
    /** Largest read buffer, for long bodies of known length. */
    private static final int MAX_BUFFER = 32 * 1024;

    /** What {@link #sendHead} returns when the client was gone before the status line could be written. */
    private static final long CLIENT_GONE = Long.MIN_VALUE;

    private final IdleWatchdog watchdog;
    private final RelayTaps taps;

    public ResponseRelay(IdleWatchdog watchdog, RelayTaps taps) {
        this.watchdog = watchdog;
        this.taps = taps;
    }

    /** The watchdog that ends silent upstream bodies. */
    IdleWatchdog watchdog() {
        return watchdog;
    }

    /**
     * Relays {@code response} to the client, showing it to the request's taps as it goes; {@code idleNanos}
     * is the longest silence allowed between body bytes.
     */
    Outcome relay(Exchange exchange, HttpResponse<InputStream> response, long idleNanos) {
        InputStream body = response.body();
        IdleWatchdog.Watch watch = watchdog.watch(body, idleNanos);
        TapList tapped = taps.open(exchange);
        Outcome outcome = null;
        try {
            long length = sendHead(exchange, response, tapped);
            outcome = length == CLIENT_GONE ? clientGone(body) : copyBody(exchange, body, length, watch, tapped);
            return outcome;
        } finally {
            tapped.end(outcome == Outcome.COMPLETED);
            watch.cancel();
            closeQuietly(body);
        }
    }

    /**
     * The status line and filtered headers. Returns the body length as sent: n &gt; 0, -1 for none, 0 for
     * chunked; or {@link #CLIENT_GONE}.
     */
    private static long sendHead(Exchange exchange, HttpResponse<InputStream> response, TapList tapped) {
        Headers headers = exchange.responseHeaders();
        long length = copyHeaders(response, headers, exchange.id());
        int status = response.statusCode();
        if (length == 0 && (status == 204 || status == 304 || status < 200 || exchange.method().equals("HEAD"))) {
            length = -1; // these never have a body
        }
        exchange.streaming(length != -1 && isEventStream(headers.getFirst("Content-Type")));
        exchange.status(status);
        tapped.begin(status, response.headers());
        try {
            exchange.http().sendResponseHeaders(status, length);
            return length;
        } catch (IOException e) {
            return CLIENT_GONE;
        }
    }

    /** Copies allowed headers; returns the length for sendResponseHeaders: n > 0, -1 for none, 0 for chunked. */
    private static long copyHeaders(HttpResponse<?> response, Headers out, String requestId) {
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
        if (!upstreamId) out.set("X-Request-ID", requestId);
        long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
        return declared > 0 ? declared : declared == 0 ? -1 : 0;
    }

    /** The body as it arrives; bytes go to the taps once they are written. */
    private static Outcome copyBody(Exchange exchange, InputStream body, long length, IdleWatchdog.Watch watch, TapList tapped) {
        OutputStream out = exchange.http().getResponseBody();
        boolean flushEachRead = length == 0 || exchange.streaming();
        // Sized to the body: most replies are a few KiB, and a zeroed 16 KiB array per request was the
        // largest allocation on the proxy's hot path (JFR allocation profile, make bench).
        byte[] buffer = new byte[length > 0 ? (int) Math.min(length, MAX_BUFFER) : length == 0 ? BUFFER : 512];
        while (true) {
            long before = System.nanoTime();
            int n;
            try {
                n = body.read(buffer);
            } catch (IOException e) {
                exchange.addUpstreamWait(System.nanoTime() - before);
                return upstreamBroke(watch, e);
            }
            exchange.addUpstreamWait(System.nanoTime() - before);
            if (n < 0) break;
            watch.touch();
            // Streams are flushed every read; other bodies whenever the next read could block, so bytes
            // never sit in our buffer while we wait on the upstream, yet bulk copies batch their writes.
            boolean flush = flushEachRead || nothingBuffered(body);
            try {
                out.write(buffer, 0, n);
                if (flush) out.flush();
            } catch (IOException e) {
                return clientGone(body);
            }
            exchange.addBytesOut(n);
            tapped.chunk(buffer, 0, n);
        }
        if (watch.fired()) return upstreamBroke(watch, null); // the watchdog's close can read as a clean end
        try {
            out.close(); // writes the final chunk: only now is the response complete
        } catch (IOException e) {
            return clientGone(body);
        }
        return Outcome.COMPLETED;
    }

    private static Outcome upstreamBroke(IdleWatchdog.Watch watch, IOException e) {
        if (watch.fired()) return new Outcome.Broken(OutcomeLabel.TIMEOUT, "upstream idle timeout: no body bytes within the idle limit");
        return new Outcome.Broken(OutcomeLabel.UPSTREAM_ERROR,
                "upstream broke off mid-body: " + (e == null ? "closed" : e.getClass().getSimpleName()));
    }

    /** The client went away: stop reading the upstream at once (closing the body cancels its exchange). */
    private static Outcome clientGone(InputStream body) {
        closeQuietly(body);
        return Outcome.CLIENT_GONE;
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
