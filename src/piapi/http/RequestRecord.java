package piapi.http;

import java.net.URI;

/**
 * What happened to one request, filled in as it is served and handed, when it ends, to the access log,
 * metrics and the request log. Written only by the thread serving the request. Holds names, never keys.
 */
public final class RequestRecord {
    private final String id;
    private final String method;
    private final String path;
    private final long startEpochMillis;
    private final long startNanos;
    private String user = "";
    private String serviceType = "";
    private String provider = "";
    private String keyName = "";
    private int upstreamStatus;
    private int status;
    private long bytesIn;
    private long bytesOut;
    private long firstByteNanos = -1;
    private long upstreamWaitNanos;
    private long endNanos;
    private int attempts;
    private Outcome outcome;
    private String error = "";
    private URI upstreamUrl;
    private boolean streaming;
    private Runnable onStreamStart;

    public RequestRecord(String id, String method, String path, long startEpochMillis, long startNanos) {
        this.id = id;
        this.method = method;
        this.path = path;
        this.startEpochMillis = startEpochMillis;
        this.startNanos = startNanos;
    }

    public String id() { return id; }
    public String method() { return method; }
    /** The request path without its query (a query can carry secrets). */
    public String path() { return path; }
    public long startEpochMillis() { return startEpochMillis; }
    public long startNanos() { return startNanos; }
    public String user() { return user; }
    public String serviceType() { return serviceType; }
    public String provider() { return provider; }
    public String keyName() { return keyName; }
    /** The last upstream response's status, 0 when none arrived. */
    public int upstreamStatus() { return upstreamStatus; }
    /** The status sent to the client, 0 when none was sent (the connection was dropped first). */
    public int status() { return status; }
    public long bytesIn() { return bytesIn; }
    public long bytesOut() { return bytesOut; }
    /** Nanoseconds from the start to the upstream's response headers, -1 when none arrived. */
    public long firstByteNanos() { return firstByteNanos; }
    /** Nanoseconds spent waiting on upstreams (headers and body reads): total minus this is piapi's own time. */
    public long upstreamWaitNanos() { return upstreamWaitNanos; }
    public long totalNanos() { return endNanos - startNanos; }
    public int attempts() { return attempts; }
    public Outcome outcome() { return outcome; }
    public String error() { return error; }
    /** The last upstream URL called, or null; it may hold a query-auth key: log it only through redaction. */
    public URI upstreamUrl() { return upstreamUrl; }
    /** Whether a server-sent event stream was relayed to the client. */
    public boolean streaming() { return streaming; }

    public void user(String name) { this.user = name; }
    public void serviceType(String type) { this.serviceType = type; }
    public void upstream(String provider, String keyName) { this.provider = provider; this.keyName = keyName; }
    public void upstreamStatus(int s) { this.upstreamStatus = s; }
    public void status(int s) { this.status = s; }
    public void bytesIn(long n) { this.bytesIn = n; }
    public void addBytesOut(long n) { this.bytesOut += n; }
    public void firstByteAt(long nanos) { this.firstByteNanos = nanos - startNanos; }
    public void addUpstreamWait(long nanos) { this.upstreamWaitNanos += nanos; }
    public void attempt() { this.attempts++; }
    public void outcome(Outcome o) { this.outcome = o; }
    public void error(String message) { this.error = message == null ? "" : message; }
    public void end(long nanos) { this.endNanos = nanos; }
    public void upstreamUrl(URI url) { this.upstreamUrl = url; }
    /** Runs {@code hook} when {@link #streamStarted()} is called (active-stream tracking); set before serving. */
    public void onStreamStart(Runnable hook) { this.onStreamStart = hook; }
    /** The relay began sending a server-sent event stream to the client. */
    public void streamStarted() {
        if (streaming) return;
        streaming = true;
        if (onStreamStart != null) onStreamStart.run();
    }
}
