package piapi.proxy;

import piapi.config.ResolvedCandidate;

/**
 * A failure described for the admin view and logs without leaking: URLs lose their query (query-auth
 * keys live there), the upstream's key is masked wherever it appears, and the text is kept short.
 */
final class ErrorText {
    private static final int MAX = 200;

    private ErrorText() {}

    static String of(Throwable t, ResolvedCandidate upstream) {
        String message = null;
        for (Throwable c = t; c != null && message == null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) message = c.getMessage();
        }
        String text = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return sanitize(text, upstream);
    }

    static String sanitize(String text, ResolvedCandidate upstream) {
        String s = text.replace(upstream.key().reveal(), upstream.key().masked());
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int scheme = s.indexOf("://", i);
            if (scheme < 0) {
                out.append(s, i, s.length());
                break;
            }
            int end = scheme;
            while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != '"') end++;
            int query = s.indexOf('?', scheme);
            if (query >= 0 && query < end) {
                out.append(s, i, query).append("?…");
            } else {
                out.append(s, i, end);
            }
            i = end;
        }
        return out.length() > MAX ? out.substring(0, MAX) + "…" : out.toString();
    }
}
