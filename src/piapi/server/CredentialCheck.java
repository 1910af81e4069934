package piapi.server;

import com.sun.net.httpserver.Headers;
import java.util.Map;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedUser;

/**
 * Admission: the caller's piapi key to a user (401 otherwise). The key comes in
 * {@code Authorization: Bearer <key>} (OpenAI SDKs, Codex, ANTHROPIC_AUTH_TOKEN) or {@code x-api-key: <key>}
 * (Claude Code with ANTHROPIC_API_KEY). Both are tried when both are present, so a client that sends an
 * unrelated value in one of them still gets through with the other. Users are found by the key's digest;
 * a presented key is never echoed or logged.
 */
final class CredentialCheck implements AdmissionStage {
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"piapi\"");

    @Override
    public Admission admit(ProxyCall call) {
        Headers headers = call.exchange().requestHeaders();
        ResolvedUser user = user(headers, call.snapshot());
        if (user == null) return refusal(headers);
        call.user(user);
        return Admission.ADMITTED;
    }

    /** The user whose key the request carries (either header), or null. */
    static ResolvedUser user(Headers headers, ConfigSnapshot snapshot) {
        ResolvedUser user = find(snapshot, bearer(headers.getFirst("Authorization")));
        return user != null ? user : find(snapshot, apiKey(headers));
    }

    /** The 401 for a request {@link #user} found no one for: no key, an unknown key, or another auth scheme. */
    static Admission.Refused refusal(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        String bearer = bearer(authorization);
        if (presented(bearer) || presented(apiKey(headers))) {
            return refused("unknown_user_key", "the piapi key is not recognised");
        }
        if (bearer == null && authorization != null && !authorization.isBlank()) {
            return refused("unsupported_auth_scheme", "Authorization must use the Bearer scheme (or send the key in x-api-key)");
        }
        return refused("missing_user_key", "send your piapi key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
    }

    /** The key of {@code Authorization: Bearer <key>}, or null for no header or another scheme. */
    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return authorization.substring(7).strip();
    }

    private static String apiKey(Headers headers) {
        String apiKey = headers.getFirst("x-api-key");
        return apiKey == null ? null : apiKey.strip();
    }

    private static ResolvedUser find(ConfigSnapshot snapshot, String key) {
        return presented(key) ? snapshot.user(key) : null;
    }

    private static boolean presented(String key) {
        return key != null && !key.isEmpty();
    }

    private static Admission.Refused refused(String code, String message) {
        return new Admission.Refused(401, code, message, CHALLENGE);
    }
}
