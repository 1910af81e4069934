package piapi.proxy;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import piapi.http.Exchange;
import piapi.observe.Counter;
import piapi.observe.Events;
import piapi.observe.Metrics;

/**
 * The taps every relayed response is shown to. A feature adds its tap with one line at startup,
 * {@code relayTaps.register("usage", usage::tapFor)}; the relay then opens one instance per response.
 * The name is the {@code tap} label of {@code piapi_relay_tap_failures_total}.
 */
public final class RelayTaps {
    /** Makes the tap for one relayed response, or returns null to skip it. Runs on the request's thread. */
    @FunctionalInterface
    public interface Source {
        RelayTap open(Exchange exchange);
    }

    /** One registered tap: its name, its source and its failure counter. */
    record Registered(String name, Source source, Counter.Child failures, AtomicBoolean reported) {}

    private final Counter failures;
    private final Events events;
    private volatile Registered[] registered = new Registered[0];

    public RelayTaps(Metrics metrics, Events events) {
        this.failures = metrics.counter("piapi_relay_tap_failures_total",
                "Relay taps that threw and were dropped for the rest of their request, by tap.", "tap");
        this.events = events;
    }

    /** Adds a tap under {@code name} (a fixed word: it becomes a metric label). Call at startup. */
    public synchronized void register(String name, Source source) {
        for (Registered r : registered) {
            if (r.name().equals(name)) throw new IllegalStateException("relay tap " + name + " registered twice");
        }
        Registered[] next = Arrays.copyOf(registered, registered.length + 1);
        next[registered.length] = new Registered(name, source, failures.labels(name), new AtomicBoolean());
        registered = next;
    }

    /** The taps for one response. A source that throws counts as that tap failing. */
    TapList open(Exchange exchange) {
        Registered[] all = registered;
        RelayTap[] taps = new RelayTap[all.length];
        TapList list = new TapList(all, taps, this);
        for (int i = 0; i < all.length; i++) {
            try {
                taps[i] = all[i].source().open(exchange);
            } catch (RuntimeException | Error e) {
                list.failed(i, e);
            }
        }
        return list;
    }

    /** Counts a failure; the first failure of each tap is also logged, so an operator learns of it without a flood. */
    void failed(Registered tap, Throwable t) {
        tap.failures().inc();
        if (tap.reported().compareAndSet(false, true)) {
            events.warn("relay_tap_failed", "tap", tap.name(), "exception", t.getClass().getName(),
                    "effect", "the tap is dropped for the request it failed on; later failures are only counted");
        }
    }
}
