package piapi.config;

/**
 * Request limits.
 *
 * @param maxRequestBodyBytes largest request body accepted (buffered so a failover can resend it); default 32 MiB
 */
public record Limits(long maxRequestBodyBytes) {
    public static final Limits DEFAULTS = new Limits(32L << 20);
}
