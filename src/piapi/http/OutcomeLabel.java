package piapi.http;

/**
 * The word logs, metrics and the admin API use for how a request ended ({@code outcome} field and label).
 * Each {@link Outcome} value names one.
 */
public enum OutcomeLabel {
    /** answered: by the upstream (whatever its status) or by piapi itself (healthz, metrics, admin) */
    OK("ok"),
    /** the upstream could not be reached, failed, or broke off mid-stream */
    UPSTREAM_ERROR("upstream_error"),
    /** the client went away before the response was complete; never the upstream's fault */
    CLIENT_GONE("client_gone"),
    /** no first byte, or no next byte, within the configured time */
    TIMEOUT("timeout"),
    /** refused by piapi before any upstream was called (bad key, unknown service, bad path, too large, shutting down) */
    REJECTED("rejected"),
    /** a fault inside piapi (a bug): answered 500, or the connection dropped when the response had begun */
    INTERNAL_ERROR("internal_error");

    private final String label;

    OutcomeLabel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
