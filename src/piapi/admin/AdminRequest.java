package piapi.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import piapi.http.Exchange;
import piapi.http.JsonWriter;
import piapi.http.Outcome;
import piapi.http.OutcomeLabel;
import piapi.http.Responses;

/** An authenticated admin call: its query parameters and body, and ways to answer it (the last answer's outcome is kept). */
public final class AdminRequest {
    private final Exchange served;
    private final HttpExchange exchange;
    private final String tokenFingerprint;
    private Map<String, String> query;
    private Map<String, String> pathParams = Map.of();
    private Outcome outcome;

    AdminRequest(Exchange served, String tokenFingerprint) {
        this.served = served;
        this.exchange = served.http();
        this.tokenFingerprint = tokenFingerprint;
    }

    public HttpExchange exchange() {
        return exchange;
    }

    /** The request path, without its query. */
    public String path() {
        return served.path();
    }

    /** piapi's id of this request (in logs, audit events and error bodies). */
    public String requestId() {
        return served.id();
    }

    /** How the answer went, once one was sent; null before. */
    Outcome outcome() {
        return outcome;
    }

    /** A non-reversible label of the token used, for audit events (never the token). */
    public String tokenFingerprint() {
        return tokenFingerprint;
    }

    /** The client's address (a trusted proxy's X-Forwarded-For considered), for audit events. */
    public String clientAddress() {
        return served.clientAddress();
    }

    /** A request header, or null. */
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** A named path segment of the endpoint's pattern ({@code {name}} in {@code /users/{name}}), decoded; null when absent. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = Map.copyOf(params);
    }

    /** A query parameter (decoded, first value), or null. */
    public String param(String name) {
        if (query == null) query = parseQuery(exchange.getRequestURI().getRawQuery());
        return query.get(name);
    }

    /** The names of the query parameters sent, to refuse unknown ones (a typo must not silently widen a filter). */
    public java.util.Set<String> paramNames() {
        if (query == null) query = parseQuery(exchange.getRequestURI().getRawQuery());
        return java.util.Collections.unmodifiableSet(query.keySet());
    }

    /**
     * {@code ?force=true}: whether the call asks to override a refusal. Absent or {@code false} is false; any
     * other value than {@code true} gets 400 (answered here) and null, so a typo never forces by accident.
     */
    public Boolean force() throws IOException {
        String v = param("force");
        if (v == null || v.equals("false")) return false;
        if (v.equals("true")) return true;
        error(400, "bad_request", "force must be true or false");
        return null;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The request body, or null (after answering 413) when it is larger than {@code limit}. */
    public byte[] body(int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] b = in.readNBytes(limit + 1);
            if (b.length > limit) {
                exchange.getResponseHeaders().set("Connection", "close");
                error(413, "request_too_large", "the body is larger than " + limit + " bytes");
                return null;
            }
            served.bytesIn(b.length);
            return b;
        }
    }

    public void json(int status, String json) {
        outcome = Responses.send(served, status, Responses.JSON, json);
    }

    public void send(int status, String contentType, byte[] body) {
        outcome = Responses.send(served, status, contentType, body);
    }

    /** 204 with no body. */
    public void noContent() {
        outcome = Responses.headersOnly(served, 204);
    }

    /** piapi's JSON error: a refusal below 500, a failure of piapi from 500 on. */
    public void error(int status, String code, String message) {
        outcome = status >= 500 ? Responses.fail(served, status, code, message, OutcomeLabel.INTERNAL_ERROR)
                : Responses.refuse(served, status, code, message);
    }

    /** piapi's JSON error shape with more members after {@code error}: {@code extra} adds them. */
    void error(int status, String code, String message, Consumer<JsonWriter> extra) {
        JsonWriter w = Responses.errorJson(served, code, message);
        extra.accept(w);
        Outcome answered = status >= 500 ? new Outcome.Failed(OutcomeLabel.INTERNAL_ERROR, code) : new Outcome.Refused(code);
        outcome = Responses.error(served, status, w.endObject().toString(), answered);
    }
}
