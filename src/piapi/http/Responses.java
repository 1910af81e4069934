package piapi.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Sends piapi's own responses (its errors in one JSON shape, and small text or JSON bodies) and says how
 * that ended: the intended outcome once the response is out, or {@link Outcome#CLIENT_GONE} when the client
 * left before it could be written.
 */
public final class Responses {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    private Responses() {}

    /** piapi refuses the request with this status and error code: {@link Outcome.Refused}. */
    public static Outcome refuse(Exchange exchange, int status, String code, String message) {
        return error(exchange, status, code, message, new Outcome.Refused(code));
    }

    /** piapi answers its own 5xx because no upstream could answer, or it failed: {@link Outcome.Failed} with this label. */
    public static Outcome fail(Exchange exchange, int status, String code, String message, OutcomeLabel label) {
        return error(exchange, status, code, message, new Outcome.Failed(label, code));
    }

    /**
     * piapi's error shape, friendly to the OpenAI and Anthropic SDKs (both read error.type and error.message):
     * {@code {"error":{"type":"piapi_error","code":"...","message":"...","request_id":"..."}}}.
     * The message must never contain a secret.
     */
    public static String errorBody(Exchange exchange, String code, String message) {
        return errorJson(exchange, code, message).endObject().toString();
    }

    /** The error object written so far, for callers that add members after it (then close the outer object). */
    public static JsonWriter errorJson(Exchange exchange, String code, String message) {
        return new JsonWriter().beginObject().name("error").beginObject()
                .field("type", "piapi_error").field("code", code).field("message", message).field("request_id", exchange.id())
                .endObject();
    }

    /** Sends an error body built with {@link #errorJson}; returns {@code answered}, or ClientGone. */
    public static Outcome error(Exchange exchange, int status, String body, Outcome answered) {
        exchange.responseHeaders().set("X-Request-ID", exchange.id());
        Outcome sent = send(exchange, status, JSON, body.getBytes(StandardCharsets.UTF_8));
        return sent == Outcome.COMPLETED ? answered : sent;
    }

    private static Outcome error(Exchange exchange, int status, String code, String message, Outcome answered) {
        return error(exchange, status, errorBody(exchange, code, message), answered);
    }

    public static Outcome send(Exchange exchange, int status, String contentType, String body) {
        return send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a whole response: {@link Outcome#COMPLETED}, or {@link Outcome#CLIENT_GONE} when the client left first. */
    public static Outcome send(Exchange exchange, int status, String contentType, byte[] body) {
        exchange.responseHeaders().set("Content-Type", contentType);
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.method());
        exchange.status(status);
        try {
            exchange.http().sendResponseHeaders(status, noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.http().getResponseBody()) {
                    out.write(body);
                }
                exchange.addBytesOut(body.length);
            }
            return Outcome.COMPLETED;
        } catch (IOException e) {
            return Outcome.CLIENT_GONE;
        }
    }

    /** 204 or 304: headers only. */
    public static Outcome headersOnly(Exchange exchange, int status) {
        exchange.status(status);
        try {
            exchange.http().sendResponseHeaders(status, -1);
            return Outcome.COMPLETED;
        } catch (IOException e) {
            return Outcome.CLIENT_GONE;
        }
    }
}
