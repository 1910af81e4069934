package piapi.observe;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/** A value that goes up and down (in-flight requests, health 1/0), or one read when scraped (JVM heap). */
public final class Gauge extends Family<Gauge.Child> {
    Gauge(String name, String help, List<String> labelNames) {
        super(name, help, "gauge", labelNames);
    }

    @Override
    Child newChild() {
        return new Child();
    }

    /** One series: either set directly, or computed by a supplier at scrape time. */
    public static final class Child {
        private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));
        private volatile DoubleSupplier supplier;

        public void set(double v) {
            bits.set(Double.doubleToRawLongBits(v));
        }

        public void inc() {
            add(1);
        }

        public void dec() {
            add(-1);
        }

        public void add(double delta) {
            long prev;
            long next;
            do {
                prev = bits.get();
                next = Double.doubleToRawLongBits(Double.longBitsToDouble(prev) + delta);
            } while (!bits.compareAndSet(prev, next));
        }

        /** Computes the value when scraped; for readings that already live elsewhere (JVM, queues). */
        public void setSupplier(DoubleSupplier s) {
            this.supplier = s;
        }

        public double value() {
            DoubleSupplier s = supplier;
            return s != null ? s.getAsDouble() : Double.longBitsToDouble(bits.get());
        }
    }

    @Override
    void writeSeries(PrometheusText out, List<String> labelValues, Child child) {
        out.sample(name(), labelNames(), labelValues, null, null, child.value());
    }
}
