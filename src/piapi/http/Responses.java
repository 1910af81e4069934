package piapi.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Sends piapi's own responses: its errors in one JSON shape, and small text or JSON bodies. */
public final class Responses {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    private Responses() {}

    /**
     * piapi's error shape, friendly to the OpenAI and Anthropic SDKs (both read error.type and error.message):
     * {@code {"error":{"type":"piapi_error","code":"...","message":"...","request_id":"..."}}}.
     * The message must never contain a secret.
     */
    public static void error(HttpExchange exchange, RequestRecord record, int status, String code, String message) throws IOException {
        String body = new JsonWriter().beginObject().name("error").beginObject()
                .field("type", "piapi_error").field("code", code).field("message", message).field("request_id", record.id())
                .endObject().endObject().toString();
        if (record.outcome() == null) record.outcome(status >= 500 ? Outcome.INTERNAL_ERROR : Outcome.REJECTED);
        if (record.error().isEmpty()) record.error(code);
        exchange.getResponseHeaders().set("X-Request-ID", record.id());
        send(exchange, record, status, JSON, body);
    }

    public static void send(HttpExchange exchange, RequestRecord record, int status, String contentType, String body) throws IOException {
        send(exchange, record, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void send(HttpExchange exchange, RequestRecord record, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        record.status(status);
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            record.addBytesOut(body.length);
        }
    }
}
