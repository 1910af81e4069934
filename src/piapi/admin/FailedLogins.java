package piapi.admin;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down token guessing: an address with {@code limit} failed admin logins within {@code window}
 * is refused (429) until the window since its last failure has passed, whatever it sends. A success
 * clears the count.
 */
public final class FailedLogins {
    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final int limit;
    private final long windowMillis;
    private final Map<String, Attempts> byAddress = new ConcurrentHashMap<>();

    private record Attempts(int count, long lastMillis) {}

    public FailedLogins(Clock clock, int limit, long windowMillis) {
        this.clock = clock;
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /** Seconds until this address may try again, 0 when it may now. */
    long lockedForSeconds(String address) {
        Attempts a = byAddress.get(address);
        if (a == null || a.count() < limit) return 0;
        long left = a.lastMillis() + windowMillis - clock.millis();
        if (left <= 0) {
            byAddress.remove(address, a);
            return 0;
        }
        return (left + 999) / 1000;
    }

    void failed(String address) {
        long now = clock.millis();
        if (byAddress.size() >= MAX_TRACKED) {
            byAddress.values().removeIf(a -> now - a.lastMillis() > windowMillis);
            if (byAddress.size() >= MAX_TRACKED && !byAddress.containsKey(address)) return; // bounded memory first
        }
        byAddress.compute(address, (k, a) ->
                a == null || now - a.lastMillis() > windowMillis ? new Attempts(1, now) : new Attempts(a.count() + 1, now));
    }

    void succeeded(String address) {
        byAddress.remove(address);
    }
}
