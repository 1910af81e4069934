package piapi.server;

import java.util.Map;
import piapi.http.JsonWriter;
import piapi.limits.LimitsJson;
import piapi.limits.Refusal;
import piapi.usage.Protocol;

/**
 * piapi's refusals by a limit, a quota or a network list, written in the error envelope of the caller's own
 * protocol, so the client's SDK shows piapi's message and reacts as it does to its provider's refusals:
 * Anthropic's {@code {"type":"error","error":{"type":"rate_limit_error","message":...},"request_id":...}} for
 * Anthropic callers, OpenAI's {@code {"error":{"message":...,"type":...,"code":...}}} for every other. Both
 * carry piapi's details next to the message (which limit, its scope, used, max, reset) and piapi's request id.
 * Built only on the refusal path.
 */
final class CallerErrors {
    private CallerErrors() {}

    /** Anthropic callers: a Messages or count_tokens path, or any request with an {@code anthropic-version} header. */
    static boolean anthropic(ProxyCall call) {
        Protocol p = call.protocol();
        return p == Protocol.ANTHROPIC_MESSAGES || p == Protocol.ANTHROPIC_COUNT_TOKENS
                || call.exchange().requestHeaders().getFirst("anthropic-version") != null;
    }

    /** A 429 by a limit or quota: piapi's code is the limit's name. */
    static Admission.Refused limit(ProxyCall call, Refusal r) {
        String message = "piapi: " + r.message();
        String body;
        if (anthropic(call)) {
            JsonWriter w = anthropicError("rate_limit_error", message);
            LimitsJson.refusal(w, r);
            body = anthropicEnd(w, call);
        } else {
            boolean quota = !r.limit().shortLived();
            JsonWriter w = openAiError(quota ? "insufficient_quota" : "rate_limit_error", quota ? "insufficient_quota" : "rate_limit_exceeded",
                    message);
            LimitsJson.refusal(w, r);
            body = openAiEnd(w, call);
        }
        return new Admission.Refused(429, r.limit().label(), message,
                Map.of("Retry-After", Long.toString(r.retryAfterSeconds())), body);
    }

    /**
     * A 403 by a network list. {@code code} is {@code address_denied} or {@code address_not_allowed}; {@code scope}
     * says whose list: {@code network} (everyone's) or {@code user}.
     */
    static Admission.Refused network(ProxyCall call, String code, String scope, String message) {
        String text = "piapi: " + message;
        String body;
        if (anthropic(call)) {
            body = anthropicEnd(anthropicError("permission_error", text).field("code", code).field("scope", scope), call);
        } else {
            body = openAiEnd(openAiError("request_forbidden", code, text).field("scope", scope), call);
        }
        return new Admission.Refused(403, code, text, Map.of(), body);
    }

    private static JsonWriter anthropicError(String type, String message) {
        return new JsonWriter(new StringBuilder(384)).beginObject().field("type", "error").name("error").beginObject()
                .field("type", type).field("message", message);
    }

    private static String anthropicEnd(JsonWriter w, ProxyCall call) {
        return w.endObject().field("request_id", call.exchange().id()).endObject().toString();
    }

    private static JsonWriter openAiError(String type, String code, String message) {
        return new JsonWriter(new StringBuilder(384)).beginObject().name("error").beginObject()
                .field("message", message).field("type", type).name("param").nullValue().field("code", code);
    }

    private static String openAiEnd(JsonWriter w, ProxyCall call) {
        return w.field("request_id", call.exchange().id()).endObject().endObject().toString();
    }
}
