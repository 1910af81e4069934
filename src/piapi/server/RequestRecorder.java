package piapi.server;

import java.time.Clock;
import java.util.function.Consumer;
import piapi.http.Exchange;
import piapi.http.FinishedRequest;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;
import piapi.observe.AccessLog;
import piapi.observe.Events;
import piapi.observe.RequestMetrics;
import piapi.observe.TokenMetrics;
import piapi.ledger.Ledger;

/**
 * The record stage: one finished request, from its outcome value, to the metrics (requests and tokens), the
 * request log, the usage ledger and the access log, in that order. The access line comes last, so once it is
 * written the others have the request too (tests and operators can rely on that). A failure here is logged,
 * never the request's.
 */
public final class RequestRecorder {
    private final RequestMetrics metrics;
    private final TokenMetrics tokens;
    private final Consumer<FinishedRequest> requestLog; // the request log, and the admin dashboard's minute series
    private final UsageRecording ledger;
    private final AccessLog accessLog;
    private final InFlight inFlight;
    private final Events events;

    public RequestRecorder(RequestMetrics metrics, TokenMetrics tokens, Consumer<FinishedRequest> requestLog, Ledger ledger, Clock clock,
                           AccessLog accessLog, InFlight inFlight, Events events) {
        this.metrics = metrics;
        this.tokens = tokens;
        this.requestLog = requestLog;
        this.ledger = new UsageRecording(ledger, clock);
        this.accessLog = accessLog;
        this.inFlight = inFlight;
        this.events = events;
    }

    void record(Exchange exchange, Outcome outcome) {
        String error = outcome.error();
        if (inFlight.cutting() && outcome.label() != OutcomeLabel.OK) {
            // ended badly once the grace had run out: the shutdown cut it, not the client or the upstream
            error = "cut off by shutdown after the grace period (" + error + ")";
        }
        FinishedRequest done = exchange.finish(outcome, error, System.nanoTime());
        // each on its own: a fault in one (a bug) must not cost the others the request, least of all the ledger
        give(metrics, done);
        give(tokens, done);
        give(requestLog, done);
        give(ledger, done);
        give(accessLog, done);
    }

    private void give(Consumer<FinishedRequest> consumer, FinishedRequest done) {
        try {
            consumer.accept(done);
        } catch (RuntimeException e) {
            events.error("record_failed", "request_id", done.id(), "exception", e.toString());
        }
    }
}
