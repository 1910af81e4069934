package piapi.route;

/**
 * How one upstream attempt ended, as health records it.
 *
 * @param status           the upstream's status, 0 when no response arrived
 * @param retryAfterMillis the upstream's Retry-After in milliseconds, or -1 when it sent none
 * @param error            what went wrong (already free of secrets), empty on success
 * @param startedAt        when the attempt began (epoch ms): a success only clears failures seen before it
 */
public record AttemptEnd(AttemptVerdict verdict, int status, long retryAfterMillis, String error, long startedAt) {}
