package piapi.server;

import java.util.Map;

/**
 * What one admission stage decided about a proxied request: let it on to the next stage, refuse it with
 * piapi's error, or note that the client left while the stage read from it. A stage never throws for an
 * expected refusal.
 */
sealed interface Admission {
    /** The one {@link Admitted} value. */
    Admission ADMITTED = new Admitted();

    /** On to the next stage. */
    record Admitted() implements Admission {}

    /**
     * piapi answers with this status, error code and message (never a secret), plus {@code headers}
     * (e.g. {@code WWW-Authenticate}, {@code Retry-After}). The body is piapi's error shape, unless {@code body}
     * is given: a refusal by a limit or a network list, written in the caller's protocol's error envelope.
     */
    record Refused(int status, String code, String message, Map<String, String> headers, String body) implements Admission {
        Refused(int status, String code, String message) {
            this(status, code, message, Map.of(), null);
        }

        Refused(int status, String code, String message, Map<String, String> headers) {
            this(status, code, message, headers, null);
        }
    }

    /** The client went away while the stage was reading from it (the body, usually). */
    record ClientLeft() implements Admission {}
}
