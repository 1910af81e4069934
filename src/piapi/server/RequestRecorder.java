package piapi.server;

import java.util.function.Consumer;
import piapi.http.Exchange;
import piapi.http.FinishedRequest;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;
import piapi.observe.AccessLog;
import piapi.observe.Events;
import piapi.observe.RequestMetrics;

/**
 * The record stage: one finished request, from its outcome value, to the metrics, the request log and
 * the access log, in that order. The access line comes last, so once it is written the others have the
 * request too (tests and operators can rely on that). A failure here is logged, never the request's.
 */
public final class RequestRecorder {
    private final RequestMetrics metrics;
    private final Consumer<FinishedRequest> requestLog; // the request log, and the admin dashboard's minute series
    private final AccessLog accessLog;
    private final InFlight inFlight;
    private final Events events;

    public RequestRecorder(RequestMetrics metrics, Consumer<FinishedRequest> requestLog, AccessLog accessLog, InFlight inFlight,
                           Events events) {
        this.metrics = metrics;
        this.requestLog = requestLog;
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
        try {
            metrics.accept(done);
            requestLog.accept(done);
            // the usage ledger will take the request here, before its access line
            accessLog.accept(done);
        } catch (RuntimeException e) {
            events.error("record_failed", "request_id", done.id(), "exception", e.toString());
        }
    }
}
