package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import piapi.support.Exposition;

/** Golden text of the exposition (grouping, +Inf, suppliers, removal), and the strict test parser checked against bad input. */
class ExpositionTest {
    @Test
    void familiesRegisteredInAnyOrderRenderGroupedWithOneHelpAndTypeEach() {
        Metrics m = new Metrics();
        Histogram h = m.histogram("b_seconds", "B.", new double[] {0.5, 2}, "service_type");
        Counter c = m.counter("a_total", "A.", "service_type");
        c.labels("y").inc();
        h.labels("y").observe(3);
        c.labels("x").add(2);
        h.labels("x").observe(0.5);
        h.labels("x").observe(1);
        assertEquals("""
                # HELP a_total A.
                # TYPE a_total counter
                a_total{service_type="x"} 2
                a_total{service_type="y"} 1
                # HELP b_seconds B.
                # TYPE b_seconds histogram
                b_seconds_bucket{service_type="x",le="0.5"} 1
                b_seconds_bucket{service_type="x",le="2"} 2
                b_seconds_bucket{service_type="x",le="+Inf"} 2
                b_seconds_sum{service_type="x"} 1.5
                b_seconds_count{service_type="x"} 2
                b_seconds_bucket{service_type="y",le="0.5"} 0
                b_seconds_bucket{service_type="y",le="2"} 0
                b_seconds_bucket{service_type="y",le="+Inf"} 1
                b_seconds_sum{service_type="y"} 3
                b_seconds_count{service_type="y"} 1
                """, m.render());
        Exposition.parse(m.render()); // and the strict parser agrees
    }

    @Test
    void infBucketEqualsCountEvenWhileObservationsRace() throws Exception {
        Metrics m = new Metrics();
        Histogram.Child h = m.histogram("race_seconds", "R.", Buckets.LATENCY).labels();
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 200_000; i++) h.observe(i % 700);
        });
        while (writer.isAlive()) Exposition.parse(m.render()); // +Inf == _count in every scrape, mid-write too
        writer.join();
        assertEquals(200_000, Exposition.parse(m.render()).value("race_seconds_count"));
    }

    @Test
    void counterAndGaugeSuppliersAreReadWhenScraped() {
        Metrics m = new Metrics();
        AtomicLong dropped = new AtomicLong(3);
        m.counter("dropped_total", "D.").labels().setSupplier(dropped::get);
        m.gauge("open_fds", "F.").labels().setSupplier(() -> 7);
        assertTrue(m.render().contains("dropped_total 3\n"));
        dropped.set(5);
        assertEquals(5, Exposition.parse(m.render()).value("dropped_total"));
        assertEquals(7, Exposition.parse(m.render()).value("open_fds"));
    }

    @Test
    void removeIfDropsOnlyTheMatchingSeries() {
        Metrics m = new Metrics();
        Counter c = m.counter("r_total", "R.", "service_type", "status_class");
        c.labels("gone", "2xx").inc();
        c.labels("kept", "2xx").inc();
        c.removeIf(labels -> labels.get(0).equals("gone"));
        assertEquals("""
                # HELP r_total R.
                # TYPE r_total counter
                r_total{service_type="kept",status_class="2xx"} 1
                """, m.render());
    }

    @Test
    void numbersAreWrittenTheWayGoWritesThem() {
        assertEquals("5e-05", PrometheusText.formatDouble(0.00005));
        assertEquals("1.5e-07", PrometheusText.formatDouble(1.5e-7));
        assertEquals("-2.5e-10", PrometheusText.formatDouble(-2.5e-10));
        assertEquals("0.00025", PrometheusText.formatDouble(0.00025));
        assertEquals("0.000665479", PrometheusText.formatDouble(6.65479E-4));
        assertEquals("1795319622.505", PrometheusText.formatDouble(1.795319622505E9));
        assertEquals("600", PrometheusText.formatDouble(600));
        assertEquals("2.5", PrometheusText.formatDouble(2.5));
    }

    @Test
    void emptyFamilyStillHasItsHelpAndType() {
        Metrics m = new Metrics();
        m.counter("piapi_user_requests_total", "Per user.", "user");
        assertEquals("# HELP piapi_user_requests_total Per user.\n# TYPE piapi_user_requests_total counter\n", m.render());
        Exposition.parse(m.render());
    }

    @Test
    void theStrictParserRefusesWhatTheFormatForbids() {
        String good = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\"} 1\n";
        Exposition.parse(good);
        String[] bad = {
                good.substring(0, good.length() - 1),                                 // no final newline
                good + "# HELP a_total again\n",                                      // family split / HELP twice
                "# TYPE a_total counter\n# HELP a_total A.\na_total 1\n",             // HELP after TYPE
                "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\",} 1\n",   // trailing comma
                "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"\\t\"} 1\n",  // bad escape
                "# HELP a_total A.\n# TYPE a_total counter\na_total 1 1700000000\n",  // timestamp
                "# HELP a_total A.\n# TYPE a_total counter\na_total 1\na_total 2\n",  // duplicate series
                "# HELP b B.\n# TYPE b counter\nb 1\n# HELP a A.\n# TYPE a counter\na 1\n", // out of order
                "a_total 1\n",                                                        // no TYPE
                "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 4\n", // +Inf != count
                "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", // not cumulative
        };
        for (String text : bad) assertThrows(AssertionError.class, () -> Exposition.parse(text), text);
        assertFalse(Exposition.parse(good).families().isEmpty());
    }
}
