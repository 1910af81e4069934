package piapi.proxy;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import piapi.config.ResolvedCandidate;

/**
 * A failed upstream response read whole before failing over, so its connection is released and, should
 * every later attempt fail without any response, the client still gets this one unchanged (clients match
 * on the upstream's error wording). Only small bodies are kept; larger ones are discarded.
 */
final class CapturedResponse {
    /** Error bodies are small; anything larger is not worth holding on to. */
    static final int MAX_BODY = 64 * 1024;

    private final HttpResponse<?> original;
    private final ResolvedCandidate upstream;
    private final byte[] body;
    private final int length;

    private CapturedResponse(HttpResponse<?> original, ResolvedCandidate upstream, byte[] body, int length) {
        this.original = original;
        this.upstream = upstream;
        this.body = body;
        this.length = length;
    }

    /**
     * Reads the body (at most {@link #MAX_BODY}; the watchdog ends a stalled read), which releases the
     * connection. Null when the body was too large or could not be read.
     */
    static CapturedResponse capture(HttpResponse<UpstreamBody> response, ResolvedCandidate upstream, IdleWatchdog watchdog, long idleNanos) {
        UpstreamBody in = response.body();
        IdleWatchdog.Watch watch = watchdog.watch(in, idleNanos);
        Collected collected = new Collected();
        try {
            in.start(collected);
            UpstreamBody.End end = in.await();
            if (end != UpstreamBody.End.COMPLETE || watch.fired()) return null;
            return new CapturedResponse(response, upstream, collected.bytes, collected.length);
        } finally {
            watch.cancel();
        }
    }

    /** Collects up to {@link #MAX_BODY} bytes; refuses more, which cancels the body. */
    private static final class Collected implements UpstreamBody.Sink {
        byte[] bytes = new byte[0];
        int length;

        @Override
        public boolean accept(byte[] chunk, int n) {
            if (length + n > MAX_BODY) return false;
            if (length + n > bytes.length) bytes = java.util.Arrays.copyOf(bytes, Math.min(MAX_BODY, Math.max(2 * bytes.length, length + n)));
            System.arraycopy(chunk, 0, bytes, length, n);
            length += n;
            return true;
        }
    }

    ResolvedCandidate upstream() {
        return upstream;
    }

    int statusCode() {
        return original.statusCode();
    }

    HttpHeaders headers() {
        return original.headers();
    }

    byte[] body() {
        return body;
    }

    int length() {
        return length;
    }
}
