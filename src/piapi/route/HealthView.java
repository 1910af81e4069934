package piapi.route;

import piapi.config.CandidateId;

/**
 * One candidate's health at one moment, for the admin view and metrics. Times are epoch milliseconds,
 * 0 for never. Holds names and numbers only; {@code lastError} never contains a key or a URL query.
 *
 * @param state               healthy, cooling down (skipped), or probing (the cooldown is over but no
 *                            request has succeeded since the failure)
 * @param cooldownUntil       when the cooldown ends (may be in the past)
 * @param cooldownReason      the outcome that set the cooldown, null when there never was one
 * @param consecutiveFailures failures since the last success (the cooldown doubles with each)
 * @param recentErrorRate     errors / (requests + 1) over a window that halves every adaptive half-life
 */
public record HealthView(CandidateId id, State state, long cooldownUntil, AttemptVerdict cooldownReason,
                         int consecutiveFailures, long unhealthySince, long requests, long errors,
                         double recentErrorRate, int lastStatus, long lastUsed, String lastError, long lastErrorAt) {

    /** Where a candidate stands. */
    public enum State {
        HEALTHY("healthy"), COOLING_DOWN("cooling_down"), PROBING("probing");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean healthy() {
        return state == State.HEALTHY;
    }
}
