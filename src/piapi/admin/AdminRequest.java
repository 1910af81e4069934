package piapi.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import piapi.http.RequestRecord;
import piapi.http.Responses;

/** An authenticated admin call: its query parameters and body, and ways to answer it. */
public final class AdminRequest {
    private final HttpExchange exchange;
    private final RequestRecord record;
    private final String tokenFingerprint;
    private Map<String, String> query;

    AdminRequest(HttpExchange exchange, RequestRecord record, String tokenFingerprint) {
        this.exchange = exchange;
        this.record = record;
        this.tokenFingerprint = tokenFingerprint;
    }

    public HttpExchange exchange() {
        return exchange;
    }

    public RequestRecord record() {
        return record;
    }

    /** A non-reversible label of the token used, for audit events (never the token). */
    public String tokenFingerprint() {
        return tokenFingerprint;
    }

    /** The client's address, for audit events. */
    public String clientAddress() {
        return exchange.getRemoteAddress() == null ? "" : exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    /** A request header, or null. */
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
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
            record.bytesIn(b.length);
            return b;
        }
    }

    public void json(int status, String json) throws IOException {
        Responses.send(exchange, record, status, Responses.JSON, json);
    }

    public void send(int status, String contentType, byte[] body) throws IOException {
        Responses.send(exchange, record, status, contentType, body);
    }

    /** 204 with no body. */
    public void noContent() throws IOException {
        record.status(204);
        exchange.sendResponseHeaders(204, -1);
    }

    public void error(int status, String code, String message) throws IOException {
        Responses.error(exchange, record, status, code, message);
    }
}
