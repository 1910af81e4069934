package piapi.observe;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Makes URLs safe to log. A query can carry a credential: the provider key in query-auth mode
 * ({@code ?key=...}), or a key a client put there. piapi cannot tell which values are secret, so
 * every query value is replaced by {@code ***} (names stay, so the shape of the call is still
 * visible), a bare {@code ?token} becomes {@code ?***}, and {@code user:password@} becomes
 * {@code ***@}.
 */
public final class Redaction {
    static final String MASK = "***";

    private Redaction() {}

    /** The URL as it may be logged. */
    public static String url(URI uri) {
        if (uri == null) return "";
        if (uri.getRawAuthority() == null) return unparsed(uri.toString());
        StringBuilder out = new StringBuilder(96);
        if (uri.getScheme() != null) out.append(uri.getScheme()).append("://");
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        out.append(at < 0 ? authority : MASK + authority.substring(at));
        if (uri.getRawPath() != null) out.append(uri.getRawPath());
        if (uri.getRawQuery() != null) query(out.append('?'), uri.getRawQuery(), 0, uri.getRawQuery().length());
        return out.toString();
    }

    /**
     * Redacts the query (and drops the fragment) of every {@code http://} or {@code https://} URL inside
     * free text, e.g. an exception message; the rest of the text is kept.
     */
    public static String urlsIn(String text) {
        if (text == null) return null;
        int start = nextUrl(text, 0);
        if (start < 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (start >= 0) {
            int end = start;
            while (end < text.length() && !endsUrl(text.charAt(end))) end++;
            out.append(text, copied, start).append(span(text.substring(start, end)));
            copied = end;
            start = nextUrl(text, end);
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static String span(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getRawAuthority() != null) return url(uri);
        } catch (URISyntaxException e) {
            // not a well-formed URI (spaces, stray characters): redact by hand
        }
        return unparsed(url);
    }

    /** Redaction without a URI parser: user info and query values, however malformed the rest. */
    private static String unparsed(String url) {
        int q = url.indexOf('?');
        int fragment = url.indexOf('#');
        int headEnd = q >= 0 ? q : fragment >= 0 ? fragment : url.length();
        String head = url.substring(0, headEnd);
        int hostStart = head.indexOf("//") + 2;
        int at = head.lastIndexOf('@');
        if (hostStart >= 2 && at >= hostStart) {
            int slash = head.indexOf('/', hostStart);
            if (slash < 0 || slash > at) head = head.substring(0, hostStart) + MASK + head.substring(at);
        }
        if (q < 0) return head;
        StringBuilder out = new StringBuilder(url.length()).append(head).append('?');
        query(out, url, q + 1, fragment > q ? fragment : url.length());
        return out.toString();
    }

    private static void query(StringBuilder out, String s, int from, int to) {
        int i = from;
        while (i <= to) {
            int amp = s.indexOf('&', i);
            int end = amp < 0 || amp > to ? to : amp;
            int eq = s.indexOf('=', i);
            if (eq >= 0 && eq < end) out.append(s, i, eq).append('=').append(MASK);
            else if (end > i) out.append(MASK);
            if (end >= to) break;
            out.append('&');
            i = end + 1;
        }
    }

    private static int nextUrl(String text, int from) {
        int http = indexOfIgnoreCase(text, "http://", from);
        int https = indexOfIgnoreCase(text, "https://", from);
        if (http < 0) return https;
        return https < 0 ? http : Math.min(http, https);
    }

    private static int indexOfIgnoreCase(String text, String what, int from) {
        for (int i = from; i + what.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, what, 0, what.length())) return i;
        }
        return -1;
    }

    private static boolean endsUrl(char c) {
        return c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == ')' || c == ']' || c == ',';
    }
}
