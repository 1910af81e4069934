package piapi.usage;

/** The {@code Content-Encoding} of an answer, as far as the meter can decode it. */
enum ContentCoding {
    IDENTITY, GZIP, DEFLATE, UNSUPPORTED;

    /**
     * The coding named by a {@code Content-Encoding} value: none or {@code identity} is identity; {@code gzip}
     * (or {@code x-gzip}) and {@code deflate} are decoded; anything else, or two codings stacked, is not.
     */
    static ContentCoding of(String header) {
        if (header == null) return IDENTITY;
        ContentCoding found = IDENTITY;
        int start = 0;
        int n = header.length();
        while (start <= n) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            ContentCoding one = token(header, start, end);
            if (one != IDENTITY) {
                if (found != IDENTITY) return UNSUPPORTED; // stacked codings: none of piapi's answers use them
                found = one;
            }
            start = end + 1;
        }
        return found;
    }

    private static ContentCoding token(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) from++;
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) to--;
        if (to == from || is(s, from, to, "identity")) return IDENTITY;
        if (is(s, from, to, "gzip") || is(s, from, to, "x-gzip")) return GZIP;
        if (is(s, from, to, "deflate")) return DEFLATE;
        return UNSUPPORTED;
    }

    static boolean is(String s, int from, int to, String word) {
        return to - from == word.length() && s.regionMatches(true, from, word, 0, word.length());
    }
}
