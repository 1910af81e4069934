package piapi.route;

/**
 * A candidate's recent error rate: failure and request counts that decay exponentially with time
 * (half-life), read as {@code failures / (requests + 1)}. The decay is applied when the rate is
 * <em>read</em>, so a candidate that is not being chosen (say, held at the adaptive floor) forgets its
 * failures with time and earns its traffic back; the +1 (one imagined success) is what lets the rate fall
 * towards 0 as both counts fade, and keeps one failure from reading as a 100% error rate.
 * Immutable; {@code atMillis} is when the counts were last brought up to date.
 */
record RecentErrors(double failures, double requests, long atMillis) {
    static final RecentErrors NONE = new RecentErrors(0, 0, 0);

    /** The counts as of {@code now}. */
    RecentErrors decayedTo(long now, long halfLifeMillis) {
        if (requests == 0 || now <= atMillis) return new RecentErrors(failures, requests, Math.max(now, atMillis));
        double factor = Math.pow(0.5, (double) (now - atMillis) / Math.max(1, halfLifeMillis));
        return new RecentErrors(failures * factor, requests * factor, now);
    }

    /** One more request, failed or not, at {@code now}. */
    RecentErrors plus(boolean failed, long now, long halfLifeMillis) {
        RecentErrors d = decayedTo(now, halfLifeMillis);
        return new RecentErrors(d.failures + (failed ? 1 : 0), d.requests + 1, d.atMillis);
    }

    /** The error rate as of {@code now}, in [0, 1). */
    double rate(long now, long halfLifeMillis) {
        RecentErrors d = decayedTo(now, halfLifeMillis);
        return d.failures / (d.requests + 1);
    }
}
