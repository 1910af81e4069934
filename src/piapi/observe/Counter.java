package piapi.observe;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

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

        public void inc() {
            value.increment();
        }

        public void add(long n) {
            value.add(n);
        }

        public long value() {
            return value.sum();
        }
    }

    @Override
    void writeSeries(PrometheusText out, List<String> labelValues, Child child) {
        out.sample(name(), labelNames(), labelValues, null, null, child.value());
    }
}
