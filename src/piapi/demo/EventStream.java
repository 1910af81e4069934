package piapi.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent event stream to one client, flushed after every event. A write to a client that has
 * gone away throws {@link IOException}, which ends the reply: the provider stops generating.
 */
final class EventStream {
    private final OutputStream out;
    private final Pacing pacing;
    private int tokensSent;

    /** Waits for the first token, then sends the stream's headers. */
    static EventStream open(HttpExchange exchange, Pacing pacing, String requestIdHeader, String requestId) throws IOException {
        if (!Pacing.pause(pacing.firstToken())) throw new IOException("the demo provider is stopping");
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set(requestIdHeader, requestId);
        exchange.sendResponseHeaders(200, 0);
        return new EventStream(exchange.getResponseBody(), pacing);
    }

    private EventStream(OutputStream out, Pacing pacing) {
        this.out = out;
        this.pacing = pacing;
    }

    /** {@code event: name} and its data (the Anthropic and Responses framing). */
    void event(String name, String json) throws IOException {
        write("event: " + name + "\ndata: " + json + "\n\n");
    }

    /** A data-only event (the Chat Completions framing). */
    void data(String payload) throws IOException {
        write("data: " + payload + "\n\n");
    }

    /** Paces a token: every token after the first waits its turn. */
    void beforeToken() throws IOException {
        if (tokensSent++ > 0 && !Pacing.pause(pacing.betweenTokens())) throw new IOException("the demo provider is stopping");
    }

    /** Ends the stream cleanly. */
    void close() throws IOException {
        out.close();
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
