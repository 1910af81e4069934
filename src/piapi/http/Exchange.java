package piapi.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.util.Set;
import piapi.network.IpAddress;
import piapi.usage.Pricing;
import piapi.usage.Usage;
import piapi.usage.UsageMeter;
import piapi.usage.UsageReading;

/**
 * One client request while piapi serves it: the JDK exchange, the request's id and start, and the facts
 * the stages learn on the way (who asked, which upstream answered, what went back), which the record
 * stage turns into a {@link FinishedRequest}. Only the thread serving the request touches it. It holds
 * names, never keys.
 */
public final class Exchange {
    private final HttpExchange http;
    private final String id;
    private final String method;
    private final String path;
    private final long startEpochMillis;
    private final long startNanos;
    private IpAddress client = IpAddress.UNSPECIFIED;
    // admission
    private String user = "";
    private String serviceType = "";
    private long bytesIn;
    // attempts
    private String provider = "";
    private String keyName = "";
    private URI upstreamUrl;
    private int upstreamStatus;
    private int attempts;
    private long firstByteNanos = -1;
    private long upstreamWaitNanos;
    // the response
    private int status;
    private long bytesOut;
    private boolean streaming;
    // usage (proxied requests)
    private String modelRequested;
    private boolean countTokens;
    private UsageMeter meter;
    private Pricing pricing;

    private Exchange(HttpExchange http, String id, String path) {
        this.http = http;
        this.id = id;
        this.method = http.getRequestMethod();
        this.path = path;
        this.startEpochMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
    }

    /** A request that has just arrived: its id (a well-formed X-Request-ID, else a new one) is on the response already. */
    public static Exchange accept(HttpExchange http) {
        String path = http.getRequestURI().getRawPath();
        Exchange e = new Exchange(http, RequestIds.choose(http.getRequestHeaders().getFirst("X-Request-ID")), path == null ? "" : path);
        http.getResponseHeaders().set("X-Piapi-Request-Id", e.id);
        java.net.InetSocketAddress peer = http.getRemoteAddress();
        e.client = IpAddress.of(peer == null ? null : peer.getAddress()); // a trusted proxy's word may replace it
        return e;
    }

    /** The JDK's exchange: request headers and body, response headers and body. */
    public HttpExchange http() { return http; }
    public String id() { return id; }
    public String method() { return method; }
    /** The request path without its query (a query can carry secrets). */
    public String path() { return path; }
    public Headers requestHeaders() { return http.getRequestHeaders(); }
    public Headers responseHeaders() { return http.getResponseHeaders(); }
    /** Whether the response's status line has been sent (so piapi can no longer answer with its own error). */
    public boolean responseStarted() { return http.getResponseCode() != -1; }
    public long startNanos() { return startNanos; }
    public long startEpochMillis() { return startEpochMillis; }
    /** Where the request comes from: the socket's peer, or what a trusted proxy says it saw. */
    public IpAddress client() { return client; }
    /** {@link #client()} as text, for audit events and error messages (formatted on each call: not for the hot path). */
    public String clientAddress() { return client.toString(); }
    public String user() { return user; }
    public String serviceType() { return serviceType; }
    public String provider() { return provider; }
    public String keyName() { return keyName; }
    /** The status sent to the client, 0 when none was sent yet. */
    public int status() { return status; }
    /** Nanoseconds from the start to the upstream's response headers, -1 when none arrived. */
    public long firstByteNanos() { return firstByteNanos; }
    /** Whether a server-sent event stream is being relayed to the client. */
    public boolean streaming() { return streaming; }

    /** The client address a trusted proxy reports, replacing the socket's peer (decided once, when the request arrives). */
    public void client(IpAddress address) { this.client = address; }
    /** Admission found the caller. */
    public void user(String name) { this.user = name; }
    public void serviceType(String type) { this.serviceType = type; }
    public void bytesIn(long n) { this.bytesIn = n; }

    /** A token-counting call ({@code .../messages/count_tokens}): free, and exempt from limits. */
    public void countTokens(boolean yes) { this.countTokens = yes; }
    /** The model the request asks for (null when it names none). */
    public void modelRequested(String model) { this.modelRequested = model; }
    /** The request goes upstream: {@code meter} reads the answer's usage as it is relayed, {@code pricing} prices it. */
    public void metered(UsageMeter usageMeter, Pricing prices) {
        this.meter = usageMeter;
        this.pricing = prices;
    }
    /** The usage meter of a request admitted to go upstream, else null. */
    public UsageMeter meter() { return meter; }

    /** An attempt to this upstream (provider and key name) begins. */
    public void attempt(String provider, String keyName) {
        this.attempts++;
        answeredBy(provider, keyName);
    }

    /** The upstream whose response the client gets (the last one tried, or an earlier one whose answer was kept). */
    public void answeredBy(String provider, String keyName) {
        this.provider = provider;
        this.keyName = keyName;
    }

    /** The upstream URL called; it may hold a query-auth key: logged only through redaction. */
    public void upstreamUrl(URI url) { this.upstreamUrl = url; }
    public void upstreamStatus(int s) { this.upstreamStatus = s; }
    public void addUpstreamWait(long nanos) { this.upstreamWaitNanos += nanos; }
    public void firstByteAt(long nanos) { this.firstByteNanos = nanos - startNanos; }

    public void status(int s) { this.status = s; }
    public void addBytesOut(long n) { this.bytesOut += n; }
    /** The relay is sending a server-sent event stream to the client. */
    public void streaming(boolean sse) { this.streaming = sse; }

    /** The request as it ended, for the record stage; {@code error} is the outcome's, possibly with a note added. */
    public FinishedRequest finish(Outcome outcome, String error, long endNanos) {
        return new FinishedRequest(id, method, path, startEpochMillis, startNanos, client, user, serviceType, provider, keyName,
                upstreamUrl, upstreamStatus, status, bytesIn, bytesOut, firstByteNanos, upstreamWaitNanos, endNanos - startNanos, attempts,
                streaming, outcome.label(), error, usage());
    }

    /**
     * What the request used: nothing when it never went upstream (refused, or no upstream to try); else what the
     * meter read (its relay tap ended it with the relay's verdict; a tap that failed and was dropped leaves it to
     * end here, as incomplete).
     */
    private RequestUsage usage() {
        if (meter == null || attempts == 0) return RequestUsage.notSent(modelRequested, countTokens);
        UsageReading reading;
        try {
            reading = meter.finish(false);
        } catch (RuntimeException e) { // the meter never throws by design; if it ever did, the request is still recorded
            reading = new UsageReading(Usage.UNKNOWN, null, UsageReading.State.UNKNOWN, Set.of());
        }
        return RequestUsage.read(modelRequested, reading, pricing, countTokens);
    }
}
