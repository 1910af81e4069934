package piapi.limits;

import java.util.Collection;
import java.util.function.Supplier;
import piapi.observe.Counter;
import piapi.observe.Metrics;

/** The limiter's families: refusals by limit (six fixed values), requests waiting for a slot, leaked permits. */
final class LimitMetrics {
    private final Counter.Child[] refusals = new Counter.Child[LimitName.values().length];
    final Counter.Child leaks;

    LimitMetrics(Metrics metrics, Supplier<Collection<UserState>> states) {
        Counter c = metrics.counter("piapi_limit_refusals_total",
                "Requests refused by a per-user limit or quota before any upstream call, by limit.", "limit");
        for (LimitName n : LimitName.values()) refusals[n.ordinal()] = c.labels(n.label());
        metrics.gauge("piapi_limit_waiting_requests", "Requests waiting for a concurrency slot (limits ... queueFor).").labels()
                .setSupplier(() -> {
                    int n = 0;
                    for (UserState s : states.get()) n += s.waiting();
                    return n;
                });
        leaks = metrics.counter("piapi_limit_permit_leaks_total",
                "Concurrency permits released by the garbage collector because a request path never closed them (a bug).").labels();
    }

    void refused(LimitName limit) {
        refusals[limit.ordinal()].inc();
    }
}
