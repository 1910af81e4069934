package piapi.usage;

/**
 * What piapi asks the upstream for in {@code Accept-Encoding}: only codings the usage meter can read (gzip,
 * deflate, identity), and of those only what the client accepts, with the client's preferences (q-values).
 * The client still receives exactly the upstream's bytes, so it must be able to decode them; piapi must be able
 * to read them too. When the client accepts nothing piapi can read, its own header is passed on and the usage
 * of that answer stays unknown.
 */
public final class UpstreamEncoding {
    private static final String[] READABLE = {"gzip", "deflate"};

    private UpstreamEncoding() {}

    /**
     * The {@code Accept-Encoding} value to send upstream for a client that sent {@code clientAcceptEncoding}
     * (null when it sent none: it then gets {@code identity}, as it asked for no coding).
     */
    public static String forUpstream(String clientAcceptEncoding) {
        if (clientAcceptEncoding == null || clientAcceptEncoding.isBlank()) return "identity";
        String[] codings = clientAcceptEncoding.split(",");
        StringBuilder out = new StringBuilder();
        for (String readable : READABLE) {
            String q = quality(codings, readable);
            if (q != null) append(out, q.equals("1") ? readable : readable + ";q=" + q);
        }
        String identity = quality(codings, "identity");
        if (out.isEmpty()) {
            return identity == null ? clientAcceptEncoding.strip() : "identity";
        }
        // identity stays acceptable unless the client refused it; say so only when it did
        if (identity == null) append(out, "identity;q=0");
        return out.toString();
    }

    /**
     * The client's q-value for a coding as written ("1" when it gave none), or null when the client does not
     * accept it: not listed and no {@code *}, or listed with q=0. identity is accepted unless refused.
     */
    private static String quality(String[] codings, String coding) {
        String wildcard = null;
        for (String entry : codings) {
            int semicolon = entry.indexOf(';');
            String token = (semicolon < 0 ? entry : entry.substring(0, semicolon)).strip();
            String q = semicolon < 0 ? "1" : qValue(entry.substring(semicolon + 1));
            if (token.equalsIgnoreCase(coding) || coding.equals("gzip") && token.equalsIgnoreCase("x-gzip")) {
                return isZero(q) ? null : q;
            }
            if (token.equals("*")) wildcard = q;
        }
        if (wildcard != null) return isZero(wildcard) ? null : wildcard;
        return coding.equals("identity") ? "1" : null;
    }

    /** The q parameter's value among a coding's parameters, "1" when absent. */
    private static String qValue(String parameters) {
        for (String p : parameters.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("q")) {
                String v = p.substring(eq + 1).strip();
                return v.isEmpty() ? "1" : v;
            }
        }
        return "1";
    }

    private static boolean isZero(String q) {
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c != '0' && c != '.') return false;
        }
        return true;
    }

    private static void append(StringBuilder out, String coding) {
        if (!out.isEmpty()) out.append(", ");
        out.append(coding);
    }
}
