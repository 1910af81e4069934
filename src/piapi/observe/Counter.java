package piapi.observe;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * A monotonically increasing count, one series per combination of label values. Increments are
 * {@link LongAdder}s, so the hot path never contends with other requests or with a scrape.
 */
public final class Counter extends Family<Counter.Child> {
    Counter(String name, String help, List<String> labelNames) {
        super(name, help, "counter", labelNames);
    }

    @Override
    Child newChild() {
        return new Child();
    }

    /** Shortcut for a counter without labels. */
    public void inc() {
        labels().inc();
    }

    /** One series. Hold on to it where the labels are known in advance. */
    public static final class Child {
        private final LongAdder value = new LongAdder();
        private volatile DoubleSupplier supplier;

        public void inc() {
            value.increment();
        }

        public void add(long n) {
            value.add(n);
        }

        /**
         * Reads the count from elsewhere when scraped, for totals another component already keeps (GC
         * collections, dropped log lines); the supplier must never go down.
         */
        public void setSupplier(DoubleSupplier s) {
            this.supplier = s;
        }

        public double value() {
            DoubleSupplier s = supplier;
            return s != null ? s.getAsDouble() : value.sum();
        }
    }

    @Override
    void writeSeries(PrometheusText out, List<String> labelValues, Child child) {
        out.sample(name(), labelNames(), labelValues, null, null, child.value());
    }
}
