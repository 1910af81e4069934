package piapi.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import piapi.config.ResolvedCandidate;

/**
 * A failed upstream response read whole before failing over, so its connection is released and, should
 * every later attempt fail without any response, the client still gets this one unchanged (clients match
 * on the upstream's error wording). Only small bodies are kept; larger ones are discarded.
 */
final class CapturedResponse implements HttpResponse<InputStream> {
    /** Error bodies are small; anything larger is not worth holding on to. */
    static final int MAX_BODY = 64 * 1024;

    private final HttpResponse<InputStream> original;
    private final ResolvedCandidate upstream;
    private final byte[] body;

    private CapturedResponse(HttpResponse<InputStream> original, ResolvedCandidate upstream, byte[] body) {
        this.original = original;
        this.upstream = upstream;
        this.body = body;
    }

    /**
     * Reads the body (at most {@link #MAX_BODY}; the watchdog ends a stalled read) and closes it, which
     * releases the connection. Null when the body was too large or could not be read.
     */
    static CapturedResponse capture(HttpResponse<InputStream> response, ResolvedCandidate upstream, IdleWatchdog watchdog, long idleNanos) {
        InputStream in = response.body();
        IdleWatchdog.Watch watch = watchdog.watch(in, idleNanos);
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY || watch.fired()) return null;
            return new CapturedResponse(response, upstream, bytes);
        } catch (IOException e) {
            return null;
        } finally {
            watch.cancel();
        }
    }

    ResolvedCandidate upstream() {
        return upstream;
    }

    @Override
    public int statusCode() {
        return original.statusCode();
    }

    @Override
    public HttpRequest request() {
        return original.request();
    }

    @Override
    public Optional<HttpResponse<InputStream>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
        return original.headers();
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return original.sslSession();
    }

    @Override
    public URI uri() {
        return original.uri();
    }

    @Override
    public HttpClient.Version version() {
        return original.version();
    }
}
