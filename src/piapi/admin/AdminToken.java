package piapi.admin;

/**
 * The rules for {@code PIAPI_ADMIN_TOKEN}. With no lockout, guessing is answered by the token itself:
 * 16 characters of hex are 64 bits, far past what can be tried over HTTP. piapi refuses to start with
 * a shorter one rather than run an admin API that can be guessed.
 */
public final class AdminToken {
    public static final String VARIABLE = "PIAPI_ADMIN_TOKEN";
    public static final int MIN_LENGTH = 16;

    private AdminToken() {}

    /**
     * Why this token cannot be used, in one line that says how to make a good one; null when it is fine
     * or unset (unset or empty turns the admin API off).
     */
    public static String problem(String token) {
        if (token == null || token.isEmpty()) return null;
        if (!token.equals(token.strip())) {
            return "starts or ends with whitespace, which no client sends back; make a good token with: openssl rand -hex 24";
        }
        if (token.length() < MIN_LENGTH) {
            return "is " + token.length() + " characters; an admin token needs at least " + MIN_LENGTH
                    + " (make a good one with: openssl rand -hex 24)";
        }
        return null;
    }
}
