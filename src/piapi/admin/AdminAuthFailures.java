package piapi.admin;

import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import piapi.observe.Counter;
import piapi.observe.Events;
import piapi.observe.Metrics;

/**
 * Makes failed admin logins visible without letting them lock anyone out: every failure is counted in
 * {@code piapi_admin_auth_failures_total{reason}}, and logged as an {@code admin_auth_failed} event with
 * the client's address. Events are rate-limited with constant memory: at most {@link #BURST} per window
 * of {@link #WINDOW_MILLIS}; the failures past that are counted, and the next event after the window
 * carries their number as {@code suppressed}. The presented token never appears, not even in part.
 */
public final class AdminAuthFailures {
    static final int BURST = 5;
    static final long WINDOW_MILLIS = 60_000;

    /** Why a presented credential failed: the words of the {@code reason} label. */
    enum Reason {
        /** {@code Authorization} held a scheme other than Bearer. */
        WRONG_SCHEME("wrong_scheme"),
        /** A bearer token that is not the admin token. */
        WRONG_TOKEN("wrong_token");

        final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    private final Events events;
    private final Clock clock;
    private final Counter.Child wrongScheme;
    private final Counter.Child wrongToken;
    private final ReentrantLock lock = new ReentrantLock();
    private long windowStart;
    private int loggedInWindow;
    private long suppressed;

    public AdminAuthFailures(Metrics metrics, Events events, Clock clock) {
        this.events = events;
        this.clock = clock;
        this.windowStart = clock.millis();
        Counter failures = metrics.counter("piapi_admin_auth_failures_total",
                "Admin API calls refused because the credential sent was wrong (a missing credential is not counted).", "reason");
        wrongScheme = failures.labels(Reason.WRONG_SCHEME.label);
        wrongToken = failures.labels(Reason.WRONG_TOKEN.label);
    }

    /** Counts one failure and logs it unless this window's events are used up. */
    void failed(Reason reason, String client, String method, String path) {
        (reason == Reason.WRONG_TOKEN ? wrongToken : wrongScheme).inc();
        long earlierSuppressed;
        lock.lock();
        try {
            long now = clock.millis();
            if (now - windowStart >= WINDOW_MILLIS || now < windowStart) { // a clock set back starts a new window too
                windowStart = now;
                loggedInWindow = 0;
            }
            if (loggedInWindow >= BURST) {
                suppressed++;
                return;
            }
            loggedInWindow++;
            earlierSuppressed = suppressed;
            suppressed = 0;
        } finally {
            lock.unlock();
        }
        events.warn("admin_auth_failed", "client", client, "reason", reason.label, "method", method, "path", path,
                "suppressed", earlierSuppressed);
    }
}
