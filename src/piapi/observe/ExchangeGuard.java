package piapi.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.util.function.Consumer;
import piapi.http.Exchange;
import piapi.http.FinishedRequest;
import piapi.http.Handler;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;
import piapi.http.Responses;

/**
 * The outermost handler around every exchange. It gives the request its id, catches whatever escapes
 * (the JDK server would otherwise drop the connection without a word), turns it into a JSON 500 when
 * nothing was sent yet, and hands the finished request to the access log and metrics.
 */
public final class ExchangeGuard implements HttpHandler {
    private final Handler handler;
    private final Consumer<FinishedRequest> finished;
    private final Events events;

    public ExchangeGuard(Handler handler, Consumer<FinishedRequest> finished, Events events) {
        this.handler = handler;
        this.finished = finished;
        this.events = events;
    }

    @Override
    public void handle(HttpExchange http) {
        Exchange exchange = Exchange.accept(http);
        Outcome outcome;
        try {
            outcome = handler.handle(exchange);
        } catch (Throwable t) { // a bug or a resource failure: never let it take the connection down silently
            outcome = internalError(exchange, t);
        }
        try {
            finished.accept(exchange.finish(outcome, outcome.error(), System.nanoTime()));
        } catch (RuntimeException e) {
            events.error("record_failed", "request_id", exchange.id(), "exception", e.toString());
        }
        if (outcome.dropsConnection()) throw new ConnectionDrop();
        http.close();
    }

    private Outcome internalError(Exchange exchange, Throwable t) {
        events.error("handler_failed", "request_id", exchange.id(), "path", exchange.path(),
                "exception", t.getClass().getName(), "message", String.valueOf(t.getMessage()));
        String error = t.getClass().getSimpleName();
        if (!exchange.responseStarted()) {
            Outcome sent = Responses.fail(exchange, 500, "internal_error",
                    "piapi failed to handle this request; the gateway log has the details under this request id", OutcomeLabel.INTERNAL_ERROR);
            if (!sent.dropsConnection()) return new Outcome.Failed(OutcomeLabel.INTERNAL_ERROR, error);
        }
        return new Outcome.Broken(OutcomeLabel.INTERNAL_ERROR, error);
    }

    /**
     * The JDK server's only way to end a response without its final chunk: an exception out of the handler
     * makes it close the connection. Thrown here only, after the outcome was recorded.
     */
    private static final class ConnectionDrop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConnectionDrop() {
            super("connection dropped on purpose", null, false, false);
        }
    }
}
