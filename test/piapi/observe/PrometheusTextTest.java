package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Golden text of the exposition format. */
class PrometheusTextTest {
    @Test
    void countersGaugesAndHistogramsRenderInNameOrder() {
        Metrics m = new Metrics();
        Counter requests = m.counter("piapi_requests_total", "Total requests.", "service_type", "status_class");
        requests.labels("codex", "2xx").add(3);
        requests.labels("claude_code", "5xx").inc();
        m.gauge("piapi_in_flight", "In flight.").labels().set(2);
        Histogram h = m.histogram("piapi_latency_seconds", "Latency.", new double[] {0.1, 1, 10}, "service_type");
        h.labels("codex").observe(0.05);
        h.labels("codex").observe(1);   // an exact bound counts in its own bucket (le is inclusive)
        h.labels("codex").observe(600);
        assertEquals("""
                # HELP piapi_in_flight In flight.
                # TYPE piapi_in_flight gauge
                piapi_in_flight 2
                # HELP piapi_latency_seconds Latency.
                # TYPE piapi_latency_seconds histogram
                piapi_latency_seconds_bucket{service_type="codex",le="0.1"} 1
                piapi_latency_seconds_bucket{service_type="codex",le="1"} 2
                piapi_latency_seconds_bucket{service_type="codex",le="10"} 2
                piapi_latency_seconds_bucket{service_type="codex",le="+Inf"} 3
                piapi_latency_seconds_sum{service_type="codex"} 601.05
                piapi_latency_seconds_count{service_type="codex"} 3
                # HELP piapi_requests_total Total requests.
                # TYPE piapi_requests_total counter
                piapi_requests_total{service_type="claude_code",status_class="5xx"} 1
                piapi_requests_total{service_type="codex",status_class="2xx"} 3
                """, m.render());
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        Metrics m = new Metrics();
        m.counter("x_total", "Help with \\ and\nnewline \"quoted\".", "l").labels("a\\b\"c\nd").inc();
        assertEquals("""
                # HELP x_total Help with \\\\ and\\nnewline "quoted".
                # TYPE x_total counter
                x_total{l="a\\\\b\\"c\\nd"} 1
                """, m.render());
    }

    @Test
    void specialValuesUseGoSpelling() {
        assertEquals("+Inf", PrometheusText.formatDouble(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.formatDouble(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", PrometheusText.formatDouble(Double.NaN));
        assertEquals("0.25", PrometheusText.formatDouble(0.25));
        assertEquals("42", PrometheusText.formatDouble(42.0));
    }

    @Test
    void misuseIsRefused() {
        Metrics m = new Metrics();
        Counter c = m.counter("a_total", "A.", "x");
        assertThrows(IllegalArgumentException.class, () -> c.labels("1", "2"));
        assertThrows(IllegalStateException.class, () -> m.counter("a_total", "again"));
        assertThrows(IllegalArgumentException.class, () -> m.histogram("h", "H.", new double[] {1, 1}));
    }
}
