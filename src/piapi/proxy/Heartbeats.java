package piapi.proxy;

import piapi.observe.Counter;
import piapi.observe.Metrics;

/** The counters of SSE heartbeats: comment lines written, and clients found gone by one (their upstream call cancelled). */
public final class Heartbeats {
    private final Counter.Child written;
    private final Counter.Child clientsGone;

    public Heartbeats(Metrics metrics) {
        this.written = metrics.counter("piapi_sse_heartbeats_total",
                "SSE comment lines piapi wrote to clients during upstream silence (timeouts.heartbeat).").labels();
        this.clientsGone = metrics.counter("piapi_sse_heartbeat_clients_gone_total",
                "Event streams whose client was found gone by a heartbeat; their upstream call was cancelled at once.").labels();
    }

    void written() {
        written.inc();
    }

    void clientGone() {
        clientsGone.inc();
    }
}
