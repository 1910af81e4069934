package piapi.config;

import java.util.Set;

/**
 * Which failures move a request to another candidate (before any byte reached the client).
 *
 * @param connect  the upstream could not be connected to (refused, unreachable, connect timeout)
 * @param reset    the connection broke before the response headers (reset, closed, garbled)
 * @param timeout  no response headers within {@code timeouts.firstByte}
 * @param statuses upstream statuses; 400, 404, 413 and 422 are never allowed here (the request itself is wrong)
 */
public record RetryOn(boolean connect, boolean reset, boolean timeout, Set<Integer> statuses) {
    /** Statuses that say the request is at fault: another candidate would answer the same. */
    public static final Set<Integer> NEVER = Set.of(400, 404, 413, 422);

    /**
     * The default: transport failures, 429 and the overload/outage 5xx, and 401/403 (a revoked or
     * unauthorised key is the key's fault, not the request's, and another key usually works).
     */
    public static final RetryOn DEFAULTS = new RetryOn(true, true, true, Set.of(401, 403, 429, 500, 502, 503, 504, 529));

    public RetryOn {
        statuses = Set.copyOf(statuses);
        for (int s : statuses) {
            if (NEVER.contains(s) || s < 400 || s > 599) throw new IllegalArgumentException("status " + s + " cannot be retried");
        }
    }

    public boolean status(int status) {
        return status >= 400 && statuses.contains(status);
    }
}
