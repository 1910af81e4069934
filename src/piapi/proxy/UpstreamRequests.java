package piapi.proxy;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piapi.config.Auth;
import piapi.config.ResolvedCandidate;
import piapi.http.HopByHop;
import piapi.usage.UpstreamEncoding;

/**
 * Builds the upstream request: base URL + the client's raw path rest + the client's raw query,
 * client credentials removed, the provider key injected, {@code Accept-Encoding} narrowed to what the usage
 * meter can read, every other header forwarded as received.
 */
final class UpstreamRequests {
    /** Never forwarded: hop-by-hop headers are handled by {@link HopByHop}; these are the rest. */
    private static final Set<String> DROPPED = HopByHop.caseInsensitive(
            "Host", "Content-Length", "Expect",
            // the caller's piapi key, in every header a client might put a key in
            "Authorization", "x-api-key", "api-key", "x-goog-api-key", "Proxy-Authorization");

    private UpstreamRequests() {}

    /** Thrown when the client's path or query cannot form a valid upstream URI (400). */
    static final class BadTarget extends Exception {
        private static final long serialVersionUID = 1L;

        BadTarget() {
            super(null, null, false, false); // no message: the URI holds a credential in query mode
        }
    }

    /** The request for {@code upstream}; its timeout is the first-byte timeout (the wait for response headers). */
    static HttpRequest build(ProxyRequest request, ResolvedCandidate upstream) throws BadTarget {
        URI uri;
        try {
            uri = URI.create(target(upstream, request.rest(), request.rawQuery()));
        } catch (IllegalArgumentException e) {
            throw new BadTarget();
        }
        String method = request.method();
        RequestBody body = request.body();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(request.settings().timeouts().firstByte())
                .method(method, body.length() == 0 && !expectsBody(method) ? HttpRequest.BodyPublishers.noBody() : body.publisher());
        Headers clientHeaders = request.headers();
        if (upstream.http1()) b.version(HttpClient.Version.HTTP_1_1);
        Set<String> connectionTokens = HopByHop.connectionTokens(clientHeaders.get("Connection"));
        for (Map.Entry<String, List<String>> h : clientHeaders.entrySet()) {
            String name = h.getKey();
            if (DROPPED.contains(name) || HopByHop.isHopByHop(name) || connectionTokens.contains(name)) continue;
            for (String value : h.getValue()) b.header(name, value);
        }
        // only codings the usage meter can read, of those the client accepts: the client still gets the upstream's bytes
        b.setHeader("Accept-Encoding", UpstreamEncoding.forUpstream(clientHeaders.getFirst("Accept-Encoding")));
        if (!clientHeaders.containsKey("X-Request-ID")) b.header("X-Request-ID", request.requestId());
        if (upstream.auth().mode() == Auth.Mode.HEADER) b.setHeader(upstream.auth().name(), upstream.credential());
        return b.build();
    }

    static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    /** The upstream URL as a string: origin + joined path + merged query. */
    static String target(ResolvedCandidate upstream, String rest, String rawQuery) {
        StringBuilder sb = new StringBuilder(upstream.origin().length() + upstream.basePath().length() + rest.length() + 64)
                .append(upstream.origin());
        joinPath(sb, upstream.basePath(), rest);
        String query = query(upstream, rawQuery);
        if (!query.isEmpty()) sb.append('?').append(query);
        return sb.toString();
    }

    /** The base path alone when rest is empty, else base (without trailing slash) + "/" + rest: never a doubled or lost slash. */
    static void joinPath(StringBuilder sb, String basePath, String rest) {
        if (rest.isEmpty()) {
            sb.append(basePath.isEmpty() ? "/" : basePath);
        } else {
            int end = basePath.endsWith("/") ? basePath.length() - 1 : basePath.length();
            sb.append(basePath, 0, end).append('/').append(rest);
        }
    }

    /**
     * The base URL's query, then the client's, both byte-for-byte. In query-auth mode every pair named like
     * the auth parameter is removed from both (a client must not choose the key) and the credential appended.
     */
    static String query(ResolvedCandidate upstream, String clientQuery) {
        String base = upstream.baseQuery();
        if (upstream.auth().mode() != Auth.Mode.QUERY) return joinQuery(base, clientQuery);
        String name = upstream.auth().name();
        String kept = joinQuery(without(base, name), without(clientQuery, name));
        return kept.isEmpty() ? upstream.credential() : kept + "&" + upstream.credential();
    }

    private static String joinQuery(String a, String b) {
        if (a == null || a.isEmpty()) return b == null ? "" : b;
        if (b == null || b.isEmpty()) return a;
        return a + "&" + b;
    }

    /** The raw query without pairs whose (decoded) name is {@code name}. */
    static String without(String query, String name) {
        if (query == null || query.isEmpty()) return "";
        if (!query.contains(name) && query.indexOf('%') < 0) return query; // fast path: cannot contain the name
        StringBuilder out = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(rawName).equals(name)) continue;
            if (!out.isEmpty()) out.append('&');
            out.append(pair);
        }
        return out.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
