package piapi.proxy;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piapi.config.Timeouts;
import piapi.http.Exchange;
import piapi.http.HopByHop;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;

/**
 * Relays an upstream response: status, filtered headers, then the body as it arrives. The HttpClient hands
 * each batch it read straight to the client connection ({@link UpstreamBody}), which is written and flushed
 * at once, so every event reaches the client before the next upstream read, and nothing waits in a relay
 * buffer: a stream that is quiet holds no buffer of piapi's at all (make bench: 8 KiB less heap per open
 * stream than copying through an InputStream, and one thread hand-off fewer per batch). An event stream
 * with heartbeats is written through its {@link HeartbeatWriter}, which adds comment lines during upstream
 * silence. The request's
 * {@link RelayTap}s see the response begin, every chunk once it is written, and its end. It returns how
 * the response ended: {@link Outcome#COMPLETED}, {@link Outcome.Broken} when the upstream broke off or fell silent
 * (the caller then drops the client connection, so the client sees the break), or {@link Outcome#CLIENT_GONE}.
 */
public final class ResponseRelay {
    /** Response headers the relay sets itself (framing) or that must not leave this hop. */
    private static final Set<String> DROPPED = HopByHop.caseInsensitive("Content-Length", "Alt-Svc");
    /** What {@link #sendHead} returns when the client was gone before the status line could be written. */
    private static final long CLIENT_GONE = Long.MIN_VALUE;

    private final IdleWatchdog watchdog;
    private final RelayTaps taps;
    private final Heartbeats heartbeats;

    public ResponseRelay(IdleWatchdog watchdog, RelayTaps taps, Heartbeats heartbeats) {
        this.watchdog = watchdog;
        this.taps = taps;
        this.heartbeats = heartbeats;
    }

    /** The watchdog that ends silent upstream bodies. */
    IdleWatchdog watchdog() {
        return watchdog;
    }

    /**
     * Relays {@code response} to the client, showing it to the request's taps as it goes; {@code timeouts} give the
     * longest silence allowed between body bytes and, for an event stream, the heartbeat interval.
     */
    Outcome relay(Exchange exchange, HttpResponse<UpstreamBody> response, Timeouts timeouts) {
        UpstreamBody body = response.body();
        IdleWatchdog.Watch watch = watchdog.watch(body, timeouts.idle().toNanos());
        TapList tapped = taps.open(exchange);
        Outcome outcome = null;
        try {
            long length = sendHead(exchange, response.statusCode(), response.headers(), tapped);
            if (length != CLIENT_GONE && exchange.streaming() && !timeouts.heartbeat().isZero()) {
                watch.heartbeat(new HeartbeatWriter(exchange.http().getResponseBody(), body, timeouts.heartbeat().toNanos(), heartbeats));
            }
            outcome = length == CLIENT_GONE ? clientGone(body) : copyBody(exchange, body, watch, tapped);
            return outcome;
        } finally {
            HeartbeatWriter beats = watch.heartbeats();
            if (beats != null) beats.stop(); // before anything else: no comment line after the outcome is known
            tapped.end(outcome == Outcome.COMPLETED);
            watch.cancel();
            body.close(); // nothing when it ended; otherwise the upstream exchange is cancelled
        }
    }

    /** Relays a response read whole earlier (a failover's last answer), as it was. */
    Outcome relayCaptured(Exchange exchange, CapturedResponse captured) {
        TapList tapped = taps.open(exchange);
        boolean complete = false;
        try {
            long length = sendHead(exchange, captured.statusCode(), captured.headers(), tapped);
            if (length == CLIENT_GONE) return Outcome.CLIENT_GONE;
            OutputStream out = exchange.http().getResponseBody();
            try {
                if (length != -1 && captured.length() > 0) out.write(captured.body(), 0, captured.length());
                out.close();
            } catch (IOException e) {
                return Outcome.CLIENT_GONE;
            }
            exchange.addBytesOut(captured.length());
            if (captured.length() > 0) tapped.chunk(captured.body(), 0, captured.length());
            complete = true;
            return Outcome.COMPLETED;
        } finally {
            tapped.end(complete);
        }
    }

    /**
     * The status line and filtered headers. Returns the body length as sent: n &gt; 0, -1 for none, 0 for
     * chunked; or {@link #CLIENT_GONE}.
     */
    private static long sendHead(Exchange exchange, int status, HttpHeaders upstreamHeaders, TapList tapped) {
        Headers headers = exchange.responseHeaders();
        long length = copyHeaders(upstreamHeaders, headers, exchange.id());
        if (length == 0 && (status == 204 || status == 304 || status < 200 || exchange.method().equals("HEAD"))) {
            length = -1; // these never have a body
        }
        exchange.streaming(length != -1 && isEventStream(headers.getFirst("Content-Type")));
        exchange.status(status);
        tapped.begin(status, upstreamHeaders);
        try {
            exchange.http().sendResponseHeaders(status, length);
            return length;
        } catch (IOException e) {
            return CLIENT_GONE;
        }
    }

    /** Copies allowed headers; returns the length for sendResponseHeaders: n > 0, -1 for none, 0 for chunked. */
    private static long copyHeaders(HttpHeaders upstream, Headers out, String requestId) {
        Map<String, List<String>> headers = upstream.map();
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
        long declared = upstream.firstValueAsLong("content-length").orElse(-1);
        return declared > 0 ? declared : declared == 0 ? -1 : 0;
    }

    /**
     * The body as it arrives: each batch the HttpClient read is written and flushed on the client's thread (through
     * the heartbeat writer when the stream has one), then shown to the taps, while this thread waits. Nothing is
     * buffered here between batches.
     */
    private static Outcome copyBody(Exchange exchange, UpstreamBody body, IdleWatchdog.Watch watch, TapList tapped) {
        OutputStream out = exchange.http().getResponseBody();
        HeartbeatWriter beats = watch.heartbeats(); // null: written straight to the client
        long started = System.nanoTime();
        body.start((bytes, n) -> {
            watch.touch();
            try {
                if (beats != null) {
                    beats.write(bytes, 0, n);
                } else {
                    out.write(bytes, 0, n);
                    out.flush(); // each batch is what the upstream has sent so far: never hold it back
                }
            } catch (IOException e) {
                return false;
            }
            exchange.addBytesOut(n);
            tapped.chunk(bytes, 0, n);
            return true;
        });
        UpstreamBody.End end = body.await();
        exchange.addUpstreamWait(System.nanoTime() - started - body.sinkNanos());
        if (beats != null && beats.clientGone()) return Outcome.CLIENT_GONE; // a heartbeat found the client gone and closed the body
        switch (end) {
            case SINK_FAILED:
                return Outcome.CLIENT_GONE;
            case SINK_THREW:
                if (body.failure() instanceof Error e) throw e;
                throw (RuntimeException) body.failure();
            case FAILED, CLOSED:
                return upstreamBroke(watch, body.failure());
            default:
                break;
        }
        if (watch.fired()) return upstreamBroke(watch, null);
        try {
            if (beats != null) beats.close(); else out.close(); // writes the final chunk: only now is the response complete
        } catch (IOException e) {
            return Outcome.CLIENT_GONE;
        }
        return Outcome.COMPLETED;
    }

    private static Outcome upstreamBroke(IdleWatchdog.Watch watch, Throwable e) {
        if (watch.fired()) return new Outcome.Broken(OutcomeLabel.TIMEOUT, "upstream idle timeout: no body bytes within the idle limit");
        return new Outcome.Broken(OutcomeLabel.UPSTREAM_ERROR,
                "upstream broke off mid-body: " + (e == null ? "closed" : e.getClass().getSimpleName()));
    }

    /** The client went away: stop reading the upstream at once (closing the body cancels its exchange). */
    private static Outcome clientGone(UpstreamBody body) {
        body.close();
        return Outcome.CLIENT_GONE;
    }

    static boolean isEventStream(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
    }
}
