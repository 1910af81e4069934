package piapi.proxy;

import java.net.http.HttpHeaders;
import piapi.http.Exchange;
import piapi.observe.RequestMetrics;

/**
 * The request metrics a relay feeds as it goes: the time to the upstream's first byte, observed when the
 * response begins, and the active-streams gauge, up while a server-sent event stream is relayed.
 */
public final class MetricsTap implements RelayTap {
    private final RequestMetrics metrics;
    private final Exchange exchange;
    private boolean streaming;

    private MetricsTap(RequestMetrics metrics, Exchange exchange) {
        this.metrics = metrics;
        this.exchange = exchange;
    }

    /** The source to register: {@code relayTaps.register("metrics", MetricsTap.source(requestMetrics))}. */
    public static RelayTaps.Source source(RequestMetrics metrics) {
        return exchange -> new MetricsTap(metrics, exchange);
    }

    @Override
    public void begin(int status, HttpHeaders headers) {
        if (exchange.firstByteNanos() >= 0) metrics.firstByte(exchange.serviceType(), exchange.provider(), exchange.firstByteNanos());
        if (exchange.streaming()) {
            streaming = true;
            metrics.streamStarted();
        }
    }

    @Override
    public void chunk(byte[] buffer, int offset, int length) {
        // bytes are counted per request when it is recorded, together with piapi's own answers
    }

    @Override
    public void end(boolean complete) {
        if (streaming) metrics.streamEnded();
    }
}
