package piapi.route;

/**
 * How one upstream attempt ended, as health, metrics ({@code outcome} label) and the admin view name it.
 * Each outcome has one effect on the candidate's health.
 */
public enum AttemptVerdict {
    /** 1xx-3xx: the upstream answered */
    OK("ok", Effect.SUCCESS),
    /** a 4xx other than 401, 403 and 429: the request was refused, but the upstream and the key work */
    CLIENT_ERROR("client_error", Effect.SUCCESS),
    /** 401 or 403: the key is revoked or not allowed; it is skipped for the longer auth cooldown */
    AUTH_FAILED("auth_failed", Effect.AUTH),
    /** 429 */
    RATE_LIMITED("rate_limited", Effect.FAILURE),
    /** 5xx */
    SERVER_ERROR("server_error", Effect.FAILURE),
    /** could not connect (refused, unreachable, connect timeout) */
    CONNECT_ERROR("connect_error", Effect.FAILURE),
    /** the connection broke before the response headers */
    RESET("reset", Effect.FAILURE),
    /** no response headers within the first-byte timeout */
    TIMEOUT("timeout", Effect.FAILURE),
    /** the response started, then the upstream broke off or fell silent longer than the idle timeout */
    STREAM_BROKEN("stream_broken", Effect.FAILURE),
    /** the client went away: never the upstream's fault, so health is not touched */
    CLIENT_GONE("client_gone", Effect.NEUTRAL);

    /** What an outcome does to health. */
    public enum Effect { SUCCESS, FAILURE, AUTH, NEUTRAL }

    private final String label;
    private final Effect effect;

    AttemptVerdict(String label, Effect effect) {
        this.label = label;
        this.effect = effect;
    }

    public String label() {
        return label;
    }

    public Effect effect() {
        return effect;
    }

    /** Counts as an error in stats and metrics (failures and auth failures). */
    public boolean isError() {
        return effect == Effect.FAILURE || effect == Effect.AUTH;
    }

    /** The outcome of a response with this status. */
    public static AttemptVerdict ofStatus(int status) {
        if (status < 400) return OK;
        if (status == 401 || status == 403) return AUTH_FAILED;
        if (status == 429) return RATE_LIMITED;
        if (status >= 500) return SERVER_ERROR;
        return CLIENT_ERROR;
    }
}
