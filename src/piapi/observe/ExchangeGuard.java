package piapi.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.function.Consumer;
import piapi.http.AbortExchange;
import piapi.http.Handler;
import piapi.http.Outcome;
import piapi.http.RequestIds;
import piapi.http.RequestRecord;
import piapi.http.Responses;

/**
 * The outermost handler around every exchange. It gives the request its id, catches whatever escapes
 * (the JDK server would otherwise drop the connection without a word), turns it into a JSON 500 when
 * nothing was sent yet, and hands the finished record to the access log and metrics.
 */
public final class ExchangeGuard implements HttpHandler {
    private final Handler handler;
    private final Consumer<RequestRecord> finished;
    private final Events events;

    public ExchangeGuard(Handler handler, Consumer<RequestRecord> finished, Events events) {
        this.handler = handler;
        this.finished = finished;
        this.events = events;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        RequestRecord record = new RequestRecord(RequestIds.choose(exchange.getRequestHeaders().getFirst("X-Request-ID")),
                exchange.getRequestMethod(), path == null ? "" : path, System.currentTimeMillis(), System.nanoTime());
        exchange.getResponseHeaders().set("X-Piapi-Request-Id", record.id());
        AbortExchange abort = null;
        try {
            handler.handle(exchange, record);
        } catch (AbortExchange a) {
            abort = a;
        } catch (Throwable t) { // a bug or a resource failure: never let it take the connection down silently
            events.error("handler_failed", "request_id", record.id(), "path", record.path(),
                    "exception", t.getClass().getName(), "message", String.valueOf(t.getMessage()));
            record.outcome(Outcome.INTERNAL_ERROR);
            record.error(t.getClass().getSimpleName());
            if (exchange.getResponseCode() == -1) {
                try {
                    Responses.error(exchange, record, 500, "internal_error",
                            "piapi failed to handle this request; the gateway log has the details under this request id");
                } catch (IOException | RuntimeException e) {
                    abort = new AbortExchange("could not send the 500");
                }
            } else {
                abort = new AbortExchange("failed after the response started");
            }
        } finally {
            record.end(System.nanoTime());
            if (record.outcome() == null) record.outcome(Outcome.OK);
            try {
                finished.accept(record);
            } catch (RuntimeException e) {
                events.error("record_failed", "request_id", record.id(), "exception", e.toString());
            }
        }
        if (abort != null) throw abort; // the server closes the connection: the client sees a broken response
        exchange.close();
    }
}
