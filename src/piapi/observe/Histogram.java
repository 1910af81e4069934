package piapi.observe;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Observations counted into fixed buckets (upper bounds, ascending; {@code +Inf} is implicit).
 * Each bucket counts only its own range, so an observation touches one adder; the cumulative counts
 * Prometheus wants are summed at scrape time, and {@code +Inf} is that same sum, so it always equals
 * {@code _count}.
 */
public final class Histogram extends Family<Histogram.Child> {
    private final double[] bounds;

    Histogram(String name, String help, double[] bounds, List<String> labelNames) {
        super(name, help, "histogram", labelNames);
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) throw new IllegalArgumentException(name + ": buckets must ascend");
        }
        this.bounds = bounds.clone();
    }

    @Override
    Child newChild() {
        return new Child(bounds);
    }

    public double[] bounds() {
        return bounds.clone();
    }

    /** One series. */
    public static final class Child {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final DoubleAdder sum = new DoubleAdder();

        Child(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length + 1];
            for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
        }

        public void observe(double v) {
            int i = Arrays.binarySearch(bounds, v);
            counts[i >= 0 ? i : -i - 1].increment(); // le is inclusive: an exact bound falls in its bucket
            sum.add(v);
        }

        /** Observes a duration given in nanoseconds, in seconds. */
        public void observeNanos(long nanos) {
            observe(nanos / 1e9);
        }

        long[] snapshot() {
            long[] s = new long[counts.length];
            for (int i = 0; i < s.length; i++) s[i] = counts[i].sum();
            return s;
        }

        double sum() {
            return sum.sum();
        }
    }

    @Override
    void writeSeries(PrometheusText out, List<String> labelValues, Child child) {
        long[] counts = child.snapshot();
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i];
            out.sample(name() + "_bucket", labelNames(), labelValues, "le", PrometheusText.formatDouble(bounds[i]), cumulative);
        }
        cumulative += counts[bounds.length];
        out.sample(name() + "_bucket", labelNames(), labelValues, "le", "+Inf", cumulative);
        out.sample(name() + "_sum", labelNames(), labelValues, null, null, child.sum());
        out.sample(name() + "_count", labelNames(), labelValues, null, null, cumulative);
    }
}
