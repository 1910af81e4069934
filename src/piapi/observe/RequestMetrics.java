package piapi.observe;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import piapi.config.ConfigSnapshot;
import piapi.http.FinishedRequest;
import piapi.http.OutcomeLabel;

/**
 * Request metrics: counts, latency, piapi's own overhead, bytes, outcomes and rejections from each
 * {@link FinishedRequest}; requests in flight while they run; and, fed by the relay as a response goes
 * out, the time to the upstream's first byte and the streams being relayed. Series are looked up once per config ({@link #configChanged}), so the hot path does a
 * map lookup and some {@link LongAdder} increments, and a scrape never waits on a request.
 */
public final class RequestMetrics implements Consumer<FinishedRequest> {
    /** The families, registered once. */
    record Families(Counter requests, Histogram latency, Histogram firstByte, Histogram overhead, Counter requestBytes,
                    Counter responseBytes, Counter outcomes, Counter rejected, Counter userRequests) {}

    private final Families families;
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder activeStreams = new LongAdder();
    private final Map<String, Counter.Child> rejectedByReason;
    private final Counter.Child rejectedUnknown;
    private volatile SeriesTable table;

    public RequestMetrics(Metrics m) {
        families = new Families(
                m.counter("piapi_requests_total",
                        "Total number of processed requests partitioned by service type and status class.", "service_type", "status_class"),
                m.histogram("piapi_request_latency_seconds", "Observed latency of proxied requests.", Buckets.LATENCY, "service_type"),
                m.histogram("piapi_upstream_first_byte_seconds",
                        "Time from the start of a proxied request to the upstream's response headers.", Buckets.FIRST_BYTE,
                        "service_type", "provider"),
                m.histogram("piapi_gateway_overhead_seconds",
                        "Time piapi itself adds to a proxied request: total time minus the time spent waiting on upstreams.",
                        Buckets.OVERHEAD, "service_type"),
                m.counter("piapi_request_bytes_total", "Request body bytes received from clients on proxied requests.", "service_type"),
                m.counter("piapi_response_bytes_total", "Response body bytes sent to clients on proxied requests.", "service_type"),
                m.counter("piapi_request_outcomes_total",
                        "Proxied requests by how they ended (ok, upstream_error, client_gone, timeout, rejected, internal_error).",
                        "service_type", "outcome"),
                m.counter("piapi_rejected_requests_total", "Requests piapi refused itself, by reason (its error code).", "reason"),
                m.counter("piapi_user_requests_total",
                        "Proxied requests per user name, service type and status class (only with metrics.perUser: true).",
                        "user", "service_type", "status_class"));
        m.gauge("piapi_requests_in_flight", "Proxied requests being served now.").labels().setSupplier(inFlight::sum);
        m.gauge("piapi_active_streams", "Server-sent event streams being relayed to clients now.").labels().setSupplier(activeStreams::sum);
        Map<String, Counter.Child> reasons = new HashMap<>();
        for (String word : RejectReasons.WORDS) reasons.put(word, families.rejected().labels(word));
        rejectedByReason = Map.copyOf(reasons);
        rejectedUnknown = rejectedByReason.get(RejectReasons.UNKNOWN);
    }

    /** Follows the config: series for its service types, providers and users; call once with the first config. */
    public void configChanged(ConfigSnapshot snapshot) {
        table = SeriesTable.build(families, snapshot);
    }

    /** A proxied request begins (counted in flight until {@link #proxyEnded()}). */
    public void proxyStarted() {
        inFlight.increment();
    }

    public void proxyEnded() {
        inFlight.decrement();
    }

    /** A server-sent event stream began to be relayed to a client. */
    public void streamStarted() {
        activeStreams.increment();
    }

    /** A stream counted by {@link #streamStarted()} ended. */
    public void streamEnded() {
        activeStreams.decrement();
    }

    /** The time from a proxied request's start to its upstream's response headers. */
    public void firstByte(String serviceType, String provider, long nanos) {
        SeriesTable t = table;
        if (t != null) t.service(serviceType).firstByte(provider).observeNanos(nanos);
    }

    @Override
    public void accept(FinishedRequest r) {
        if (r.outcome() == OutcomeLabel.REJECTED) {
            Counter.Child reason = rejectedByReason.get(r.error());
            (reason != null ? reason : rejectedUnknown).inc();
        }
        if (!r.proxied()) return; // healthz, metrics and admin calls are not traffic
        SeriesTable t = table;
        if (t == null) return;
        SeriesTable.Service s = t.service(r.serviceType());
        int statusClass = SeriesTable.statusClass(r.status());
        s.byStatusClass()[statusClass].inc();
        s.byOutcome()[r.outcome().ordinal()].inc();
        s.latency().observeNanos(r.totalNanos());
        if (r.bytesIn() > 0) s.bytesIn().add(r.bytesIn());
        if (r.bytesOut() > 0) s.bytesOut().add(r.bytesOut());
        if (r.attempts() > 0) s.overhead().observeNanos(Math.max(0, r.totalNanos() - r.upstreamWaitNanos()));
        if (!t.perUser.isEmpty() && !r.user().isEmpty()) {
            Map<String, Counter.Child[]> byService = t.perUser.get(r.user());
            if (byService != null) {
                Counter.Child[] classes = byService.get(r.serviceType());
                (classes != null ? classes : byService.get(SeriesTable.UNKNOWN))[statusClass].inc();
            }
        }
    }
}
