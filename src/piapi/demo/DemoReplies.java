package piapi.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import piapi.http.JsonWriter;

/** Whole JSON replies, and errors in each vendor's shape. */
final class DemoReplies {
    private DemoReplies() {}

    static void json(HttpExchange exchange, int status, String requestIdHeader, String requestId, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set(requestIdHeader, requestId);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * An error as the vendor sends it. Anthropic: {@code {"type":"error","error":{"type":…,"message":…},
     * "request_id":…}} with a {@code request-id} header; OpenAI: {@code {"error":{"message":…,"type":…,
     * "param":null,"code":…}}} with {@code x-request-id}.
     */
    static void error(HttpExchange exchange, boolean anthropic, DemoIds ids, VendorError error) throws IOException {
        if (error.retryAfterSeconds() > 0) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(error.retryAfterSeconds()));
        }
        if (anthropic) {
            String id = ids.anthropicRequest();
            String body = new JsonWriter().beginObject().field("type", "error").name("error").beginObject()
                    .field("type", error.anthropicType()).field("message", error.message()).endObject()
                    .field("request_id", id).endObject().toString();
            json(exchange, error.anthropicStatus(), "request-id", id, body);
        } else {
            JsonWriter body = new JsonWriter().beginObject().name("error").beginObject().field("message", error.message())
                    .field("type", error.openAiType()).name("param").nullValue();
            if (error.openAiCode() == null) body.name("code").nullValue(); else body.field("code", error.openAiCode());
            json(exchange, error.openAiStatus(), "x-request-id", ids.openAiRequest(), body.endObject().endObject().toString());
        }
    }

    /**
     * One failure, described for both vendors.
     *
     * @param anthropicStatus   the status Anthropic answers it with (529 for an overload)
     * @param anthropicType     Anthropic's {@code error.type}
     * @param openAiStatus      the status OpenAI answers it with (503 for an overload)
     * @param openAiType        OpenAI's {@code error.type}
     * @param openAiCode        OpenAI's {@code error.code}, or null
     * @param message           the text
     * @param retryAfterSeconds the {@code Retry-After} header, 0 for none
     */
    record VendorError(int anthropicStatus, String anthropicType, int openAiStatus, String openAiType, String openAiCode,
                       String message, int retryAfterSeconds) {
        static VendorError rateLimited(String provider, int retryAfterSeconds) {
            return new VendorError(429, "rate_limit_error", 429, "requests", "rate_limit_exceeded", provider
                    + " (the demo's flaky provider) is rate limiting this key on purpose. Please try again in "
                    + retryAfterSeconds + "s.", retryAfterSeconds);
        }

        static VendorError overloaded(String provider) {
            return new VendorError(529, "overloaded_error", 503, "server_error", null,
                    provider + " (the demo's flaky provider) is overloaded on purpose.", 0);
        }

        static VendorError badRequest(String message) {
            return new VendorError(400, "invalid_request_error", 400, "invalid_request_error", null, message, 0);
        }

        static VendorError unauthorized() {
            return new VendorError(401, "authentication_error", 401, "invalid_request_error", "invalid_api_key",
                    "no API key: send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'", 0);
        }

        static VendorError notFound(String what) {
            return new VendorError(404, "not_found_error", 404, "invalid_request_error", "unknown_url", what, 0);
        }

        static VendorError methodNotAllowed(String method, String path) {
            return new VendorError(405, "invalid_request_error", 405, "invalid_request_error", "method_not_allowed",
                    method + " is not allowed on " + path, 0);
        }
    }
}
