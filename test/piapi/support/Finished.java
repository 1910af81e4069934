package piapi.support;

import piapi.http.FinishedRequest;
import piapi.http.OutcomeLabel;
import piapi.http.RequestUsage;
import piapi.network.IpAddress;

/** Finished requests for tests of what consumes them (request log, stats), without running a gateway. */
public final class Finished {
    private String id = "id";
    private String method = "POST";
    private String path;
    private long startMillis;
    private long startNanos;
    private String user = "";
    private String serviceType = "";
    private String provider = "";
    private String keyName = "";
    private int status;
    private long firstByteNanos = -1;
    private long totalNanos;
    private OutcomeLabel outcome = OutcomeLabel.OK;

    private Finished(String id, String path) {
        this.id = id;
        this.path = path;
    }

    /** A request to {@code path} that ended ok with status 0, nothing else set. */
    public static Finished request(String id, String path) {
        return new Finished(id, path);
    }

    /** A proxied request of {@code service} ({@code /piapi/<service>/x}). */
    public static Finished proxied(String id, String service) {
        return new Finished(id, "/piapi/" + service + "/x").service(service);
    }

    public Finished method(String m) { method = m; return this; }
    public Finished started(long epochMillis, long nanos) { startMillis = epochMillis; startNanos = nanos; return this; }
    public Finished user(String name) { user = name; return this; }
    public Finished service(String type) { serviceType = type; return this; }
    public Finished upstream(String providerName, String key) { provider = providerName; keyName = key; return this; }
    public Finished status(int s) { status = s; return this; }
    public Finished firstByteMillis(long ms) { firstByteNanos = ms * 1_000_000L; return this; }
    public Finished tookMillis(long ms) { totalNanos = ms * 1_000_000L; return this; }
    public Finished outcome(OutcomeLabel o) { outcome = o; return this; }

    public FinishedRequest build() {
        return new FinishedRequest(id, method, path, startMillis, startNanos, IpAddress.UNSPECIFIED, user, serviceType, provider, keyName,
                null, 0, status, 0, 0, firstByteNanos, 0, totalNanos, provider.isEmpty() ? 0 : 1, false, outcome, "", RequestUsage.NONE);
    }
}
