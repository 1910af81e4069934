package piapi.http;

/**
 * How one exchange ended, as a value: every stage that answers a request returns one, and the record
 * stage turns it into the access-log line, metrics and the request-log entry. No expected ending is an
 * exception.
 * <pre>
 *  Completed   the whole response went out (an upstream's answer, whatever its status, or piapi's own page)
 *  Refused     piapi refused the request with its own error before any upstream was called
 *  Failed      piapi answered with its own 5xx: no upstream could answer, or piapi itself failed
 *  Broken      the response had begun and could not be finished: the connection is dropped
 *  ClientGone  the client went away before the response was complete: the connection is dropped
 * </pre>
 */
public sealed interface Outcome {
    /** The one {@link Completed} value (it carries nothing). */
    Outcome COMPLETED = new Completed();
    /** The one {@link ClientGone} value. */
    Outcome CLIENT_GONE = new ClientGone();

    /** The word logs and metrics use for it. */
    OutcomeLabel label();

    /** What went wrong, for the log's {@code error} field; empty when nothing did. Never holds a secret. */
    String error();

    /**
     * Whether the client connection must be dropped instead of ended cleanly, so the client sees a broken
     * response (no final chunk) rather than one that looks complete.
     */
    default boolean dropsConnection() {
        return false;
    }

    /** The whole response went out. */
    record Completed() implements Outcome {
        @Override
        public OutcomeLabel label() {
            return OutcomeLabel.OK;
        }

        @Override
        public String error() {
            return "";
        }
    }

    /** piapi refused the request with its own error ({@code code}) before any upstream was called. */
    record Refused(String code) implements Outcome {
        @Override
        public OutcomeLabel label() {
            return OutcomeLabel.REJECTED;
        }

        @Override
        public String error() {
            return code;
        }
    }

    /**
     * piapi answered with its own 5xx: no upstream could answer ({@link OutcomeLabel#UPSTREAM_ERROR},
     * {@link OutcomeLabel#TIMEOUT}) or piapi failed ({@link OutcomeLabel#INTERNAL_ERROR}).
     */
    record Failed(OutcomeLabel label, String error) implements Outcome {
        public Failed {
            if (label == OutcomeLabel.OK || label == OutcomeLabel.REJECTED || label == OutcomeLabel.CLIENT_GONE) {
                throw new IllegalArgumentException("a failure is not " + label.label());
            }
        }
    }

    /**
     * The response had begun and could not be finished: the upstream broke off ({@link OutcomeLabel#UPSTREAM_ERROR})
     * or fell silent ({@link OutcomeLabel#TIMEOUT}), or piapi failed mid-response ({@link OutcomeLabel#INTERNAL_ERROR}).
     */
    record Broken(OutcomeLabel label, String error) implements Outcome {
        public Broken {
            if (label == OutcomeLabel.OK || label == OutcomeLabel.REJECTED || label == OutcomeLabel.CLIENT_GONE) {
                throw new IllegalArgumentException("a break is not " + label.label());
            }
        }

        @Override
        public boolean dropsConnection() {
            return true;
        }
    }

    /** The client went away before the response was complete; never the upstream's fault. */
    record ClientGone() implements Outcome {
        @Override
        public OutcomeLabel label() {
            return OutcomeLabel.CLIENT_GONE;
        }

        @Override
        public String error() {
            return "client disconnected";
        }

        @Override
        public boolean dropsConnection() {
            return true;
        }
    }
}
