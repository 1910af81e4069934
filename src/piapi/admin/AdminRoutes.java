package piapi.admin;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The admin endpoints by method and path. A path is fixed ({@code /status}) or has named segments
 * ({@code /users/{name}/setup}); a segment is percent-decoded before it is matched or handed over, so
 * a user called {@code a/b} is {@code /users/a%2Fb}. Fixed paths win over patterns.
 */
final class AdminRoutes {
    /** What a lookup found: the endpoint and the decoded segments it named, or why nothing matched. */
    record Match(AdminEndpoint endpoint, Map<String, String> params, boolean pathKnown) {}

    private record Route(String method, String[] segments, AdminEndpoint endpoint) {}

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    void add(String method, String path, AdminEndpoint endpoint) {
        String[] segments = split(path);
        for (Route r : routes) {
            if (r.method.equals(method) && String.join("/", r.segments).equals(String.join("/", segments))) {
                throw new IllegalStateException("admin endpoint " + method + " " + path + " registered twice");
            }
        }
        routes.add(new Route(method, segments, endpoint));
    }

    /** The endpoint for a raw (still percent-encoded) path relative to the API prefix. */
    Match find(String method, String rawPath) {
        String[] raw = split(rawPath);
        String[] decoded = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            decoded[i] = decode(raw[i]);
            if (decoded[i] == null) return new Match(null, Map.of(), false);
        }
        Match best = null;
        boolean known = false;
        for (Route r : routes) {
            Map<String, String> params = match(r.segments, decoded);
            if (params == null) continue;
            known = true;
            if (!r.method.equals(method)) continue;
            if (best == null || params.size() < best.params().size()) best = new Match(r.endpoint, params, true);
        }
        return best != null ? best : new Match(null, Map.of(), known);
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) return null;
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) return null;
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        List<String> out = new ArrayList<>();
        int start = path.startsWith("/") ? 1 : 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            out.add(path.substring(start, end));
            if (slash < 0) break;
            start = slash + 1;
        }
        if (out.size() == 1 && out.get(0).isEmpty()) return new String[0];
        return out.toArray(String[]::new);
    }

    /** Percent-decoding as in a URI path ('+' stays '+'); null when malformed or not UTF-8. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) return segment;
        StringBuilder out = new StringBuilder(segment.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                if (!flush(bytes, out)) return null;
                out.append(c);
                continue;
            }
            int hi = i + 2 < segment.length() ? hex(segment.charAt(i + 1)) : -1;
            int lo = hi < 0 ? -1 : hex(segment.charAt(i + 2));
            if (lo < 0) return null;
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        return flush(bytes, out) ? out.toString() : null;
    }

    private static boolean flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() == 0) return true;
        try {
            out.append(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())));
        } catch (CharacterCodingException e) {
            return false;
        }
        bytes.reset();
        return true;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
