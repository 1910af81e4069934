package piapi.server;

/**
 * The client's path split into service type and the rest, both raw (still percent-encoded): the rest is
 * appended upstream exactly as received. {@code /piapi/codex/v1/responses} -> ("codex", "v1/responses").
 */
record ServicePath(String serviceType, String rest) {
    static final String PREFIX = "/piapi/";

    /** Splits a raw path that starts with {@code /piapi/} (or is {@code /piapi}); the service type may be empty. */
    static ServicePath parse(String rawPath) {
        if (rawPath.length() <= PREFIX.length()) return new ServicePath("", "");
        int slash = rawPath.indexOf('/', PREFIX.length());
        return slash < 0 ? new ServicePath(rawPath.substring(PREFIX.length()), "")
                : new ServicePath(rawPath.substring(PREFIX.length(), slash), rawPath.substring(slash + 1));
    }

    /**
     * True when the rest has a {@code .} or {@code ..} segment, also percent-encoded ({@code %2e%2E}) or
     * separated by an encoded slash or a backslash: such a path could climb out of the base URL's path
     * on an upstream that normalises it.
     */
    static boolean hasDotSegment(String rest) {
        int n = rest.length();
        int segStart = 0;
        int i = 0;
        while (i <= n) {
            int sepLength = i == n ? 1 : separatorLength(rest, i);
            if (sepLength > 0) {
                if (isDots(rest, segStart, i)) return true;
                i += sepLength;
                segStart = i;
            } else {
                i++;
            }
        }
        return false;
    }

    private static int separatorLength(String s, int i) {
        char c = s.charAt(i);
        if (c == '/' || c == '\\') return 1;
        if (c == '%' && i + 2 < s.length() && (s.charAt(i + 1) == '2' && (s.charAt(i + 2) | 0x20) == 'f'
                || s.charAt(i + 1) == '5' && (s.charAt(i + 2) | 0x20) == 'c')) {
            return 3;
        }
        return 0;
    }

    /** Whether s[from, to) is one or two dots, each written as '.' or '%2e'. */
    private static boolean isDots(String s, int from, int to) {
        int dots = 0;
        int i = from;
        while (i < to) {
            if (s.charAt(i) == '.') {
                i++;
            } else if (i + 3 <= to && s.charAt(i) == '%' && s.charAt(i + 1) == '2' && (s.charAt(i + 2) | 0x20) == 'e') {
                i += 3;
            } else {
                return false;
            }
            dots++;
        }
        return dots == 1 || dots == 2;
    }
}
