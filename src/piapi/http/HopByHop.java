package piapi.http;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hop-by-hop headers (RFC 9110 section 7.6.1): they describe one connection and must not be forwarded
 * in either direction, nor any header the {@code Connection} header names.
 */
public final class HopByHop {
    private static final Set<String> NAMES = caseInsensitive("Connection", "Keep-Alive", "Proxy-Connection",
            "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade");

    private HopByHop() {}

    public static boolean isHopByHop(String name) {
        return NAMES.contains(name);
    }

    /** The header names listed in Connection values ({@code Connection: keep-alive, X-Foo}); usually empty. */
    public static Set<String> connectionTokens(List<String> connectionValues) {
        if (connectionValues == null || connectionValues.isEmpty()) return Set.of();
        Set<String> tokens = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String v : connectionValues) {
            for (String t : v.split(",")) {
                String s = t.strip();
                if (!s.isEmpty()) tokens.add(s);
            }
        }
        return tokens;
    }

    /** A set that matches header names case-insensitively without allocating per lookup. */
    public static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return java.util.Collections.unmodifiableSet(set);
    }
}
