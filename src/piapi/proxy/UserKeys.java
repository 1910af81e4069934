package piapi.proxy;

import com.sun.net.httpserver.Headers;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedUser;

/**
 * Finds the caller's piapi key: {@code Authorization: Bearer <key>} (OpenAI SDKs, Codex,
 * ANTHROPIC_AUTH_TOKEN) or {@code x-api-key: <key>} (Claude Code with ANTHROPIC_API_KEY).
 * Both headers are tried when both are present, so a client that sends an unrelated value in one
 * of them still gets through with the other.
 */
final class UserKeys {
    private UserKeys() {}

    sealed interface Lookup permits Found, Refused {}

    record Found(ResolvedUser user) implements Lookup {}

    record Refused(String code, String message) implements Lookup {}

    static Lookup lookup(Headers headers, ConfigSnapshot snapshot) {
        String authorization = headers.getFirst("Authorization");
        String bearer = null;
        boolean otherScheme = false;
        if (authorization != null && !authorization.isBlank()) {
            if (authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                bearer = authorization.substring(7).strip();
            } else {
                otherScheme = true;
            }
        }
        String apiKey = headers.getFirst("x-api-key");
        apiKey = apiKey == null ? null : apiKey.strip();
        boolean presented = false;
        for (String key : new String[] {bearer, apiKey}) {
            if (key == null || key.isEmpty()) continue;
            presented = true;
            ResolvedUser user = snapshot.user(key);
            if (user != null) return new Found(user);
        }
        if (presented) return new Refused("unknown_user_key", "the piapi key is not recognised");
        if (otherScheme) {
            return new Refused("unsupported_auth_scheme", "Authorization must use the Bearer scheme (or send the key in x-api-key)");
        }
        return new Refused("missing_user_key", "send your piapi key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
    }
}
