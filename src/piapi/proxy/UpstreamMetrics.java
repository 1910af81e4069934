package piapi.proxy;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import piapi.config.CandidateId;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.config.ResolvedUser;
import piapi.config.ResolvedCandidate;
import piapi.observe.Counter;
import piapi.observe.Gauge;
import piapi.observe.Metrics;
import piapi.route.AttemptVerdict;
import piapi.route.UpstreamHealth;

/**
 * The upstream families: every attempt by service, provider and outcome; failovers; the candidate
 * request and error counters existing dashboards query; and health 1/0 per provider and key name. Labels are configured
 * names only (never a key). Series children are cached per (service, provider), so counting an attempt
 * is two map reads and an add.
 */
public final class UpstreamMetrics {
    private final Counter attempts;
    private final Counter failovers;
    private final Counter candidateRequests;
    private final Counter candidateErrors;
    private final Gauge healthy;
    private final UpstreamHealth health;
    private final Clock clock;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Meters>> meters = new ConcurrentHashMap<>();
    private final Set<CandidateId> gauged = ConcurrentHashMap.newKeySet();

    public UpstreamMetrics(Metrics metrics, UpstreamHealth health, Clock clock) {
        this.health = health;
        this.clock = clock;
        attempts = metrics.counter("piapi_upstream_attempts_total",
                "Upstream attempts partitioned by service type, provider and outcome (ok, client_error, auth_failed, "
                        + "rate_limited, server_error, connect_error, reset, timeout, stream_broken, client_gone).",
                "service_type", "provider", "outcome");
        failovers = metrics.counter("piapi_upstream_failovers_total",
                "Requests moved to another candidate, partitioned by service type, the provider left and the outcome that caused it.",
                "service_type", "provider", "outcome");
        candidateRequests = metrics.counter("piapi_candidate_requests_total",
                "Total number of upstream candidate invocations partitioned by service type and provider.", "service_type", "provider");
        candidateErrors = metrics.counter("piapi_candidate_errors_total",
                "Total number of upstream candidate errors partitioned by service type and provider.", "service_type", "provider");
        healthy = metrics.gauge("piapi_candidate_healthy",
                "1 when the upstream key has had no failure since its last success, 0 while it is failing or cooling down.",
                "provider", "provider_key");
    }

    /** The series of one (service, provider), looked up once. */
    private final class Meters {
        final String service;
        final String provider;
        final Counter.Child requests;
        final Counter.Child errors;
        final AtomicReferenceArray<Counter.Child> byOutcome = new AtomicReferenceArray<>(AttemptVerdict.values().length);

        Meters(String service, String provider) {
            this.service = service;
            this.provider = provider;
            requests = candidateRequests.labels(service, provider);
            errors = candidateErrors.labels(service, provider);
        }

        Counter.Child outcome(AttemptVerdict o) {
            Counter.Child c = byOutcome.get(o.ordinal());
            if (c == null) {
                c = attempts.labels(service, provider, o.label());
                byOutcome.set(o.ordinal(), c);
            }
            return c;
        }
    }

    private Meters meters(String service, String provider) {
        ConcurrentHashMap<String, Meters> byProvider = meters.get(service);
        if (byProvider == null) byProvider = meters.computeIfAbsent(service, k -> new ConcurrentHashMap<>());
        Meters m = byProvider.get(provider);
        return m != null ? m : byProvider.computeIfAbsent(provider, p -> new Meters(service, p));
    }

    void attempt(String service, CandidateId id, AttemptVerdict outcome) {
        Meters m = meters(service, id.provider());
        m.outcome(outcome).inc();
        m.requests.inc();
        if (outcome.isError()) m.errors.inc();
    }

    void failover(String service, CandidateId from, AttemptVerdict outcome) {
        failovers.labels(service, from.provider(), outcome.label()).inc();
    }

    /** Keeps one health series per key the config references: new ones added, removed ones dropped. */
    public void configChanged(ConfigSnapshot snapshot) {
        Set<CandidateId> ids = new HashSet<>();
        for (ResolvedUser user : snapshot.users()) {
            for (ResolvedRoute route : user.routes().values()) {
                for (ResolvedCandidate u : route.upstreams()) ids.add(u.id());
            }
        }
        for (CandidateId id : Set.copyOf(gauged)) {
            if (!ids.contains(id)) {
                healthy.remove(id.provider(), id.keyName());
                gauged.remove(id);
            }
        }
        for (CandidateId id : ids) {
            if (gauged.add(id)) healthy.labels(id.provider(), id.keyName()).setSupplier(() -> health.healthy(id, clock.millis()) ? 1 : 0);
        }
    }
}
