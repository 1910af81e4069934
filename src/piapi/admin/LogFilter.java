package piapi.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Predicate;
import piapi.config.DurationsAndSizes;
import piapi.http.FinishedRequest;
import piapi.http.OutcomeLabel;

/**
 * The request-log filters of {@code /logs} and {@code /stats}: {@code user}, {@code service},
 * {@code provider} and {@code request_id} (exact, case-sensitive), {@code status} ({@code 429}, {@code 5xx},
 * {@code error} or {@code success}), {@code outcome} (one of the outcome words), {@code since} (an
 * RFC 3339 time, or a duration back from now such as {@code 15m}). Empty values filter nothing.
 */
record LogFilter(String user, String service, String provider, String requestId, Predicate<FinishedRequest> status,
                 OutcomeLabel outcome, long sinceMillis) implements Predicate<FinishedRequest> {

    /**
     * A parameter the caller got wrong; the message is for the 400 answer. It never repeats the value
     * sent: someone may paste a key into the wrong field, and answers must not carry keys.
     */
    static final class BadParam extends Exception {
        private static final long serialVersionUID = 1L;

        BadParam(String message) {
            super(message, null, false, false);
        }
    }

    static LogFilter parse(AdminRequest r, Clock clock) throws BadParam {
        return new LogFilter(text(r, "user"), text(r, "service"), text(r, "provider"), text(r, "request_id"),
                status(text(r, "status")), outcome(text(r, "outcome")), since(text(r, "since"), clock));
    }

    @Override
    public boolean test(FinishedRequest e) {
        return (user == null || user.equals(e.user()))
                && (service == null || service.equals(e.serviceType()))
                && (provider == null || provider.equals(e.provider()))
                && (requestId == null || requestId.equals(e.id()))
                && (status == null || status.test(e))
                && (outcome == null || outcome == e.outcome())
                && e.startMillis() >= sinceMillis;
    }

    /** The same filter from another start time (the stats window). */
    LogFilter since(long millis) {
        return new LogFilter(user, service, provider, requestId, status, outcome, millis);
    }

    static String text(AdminRequest r, String name) {
        String v = r.param(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Predicate<FinishedRequest> status(String s) throws BadParam {
        if (s == null) return null;
        if (s.equals("error")) return e -> !e.success();
        if (s.equals("success")) return FinishedRequest::success;
        if (s.length() == 3 && s.charAt(0) >= '1' && s.charAt(0) <= '5') {
            int cls = s.charAt(0) - '0';
            if (s.endsWith("xx")) return e -> e.status() / 100 == cls;
            if (Character.isDigit(s.charAt(1)) && Character.isDigit(s.charAt(2))) {
                int code = Integer.parseInt(s);
                return e -> e.status() == code;
            }
        }
        throw new BadParam("status must be a status code (429), a class (5xx), 'error' or 'success'");
    }

    private static OutcomeLabel outcome(String s) throws BadParam {
        if (s == null) return null;
        StringBuilder words = new StringBuilder();
        for (OutcomeLabel o : OutcomeLabel.values()) {
            if (o.label().equals(s)) return o;
            words.append(words.isEmpty() ? "" : ", ").append(o.label());
        }
        throw new BadParam("outcome must be one of " + words);
    }

    private static long since(String s, Clock clock) throws BadParam {
        if (s == null) return Long.MIN_VALUE;
        Duration back = duration(s);
        if (back != null) return clock.millis() - back.toMillis();
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new BadParam("since must be an RFC 3339 time (2026-01-02T15:04:05Z) or a duration back from now (15m, 1h)");
            }
        }
    }

    /** A positive duration such as {@code 15m} or {@code 1h30m}, or null when the text is not one. */
    static Duration duration(String s) {
        Duration d = DurationsAndSizes.duration(s);
        return d == null || d.isZero() || d.isNegative() ? null : d;
    }
}
