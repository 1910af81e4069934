package piapi.server;

import com.sun.net.httpserver.Headers;
import java.util.Map;
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
        ResolvedUser user = find(call, bearer);
        if (user == null) user = find(call, apiKey);
        if (user != null) {
            call.user(user);
            return Admission.ADMITTED;
        }
        if (presented(bearer) || presented(apiKey)) return refused("unknown_user_key", "the piapi key is not recognised");
        if (otherScheme) {
            return refused("unsupported_auth_scheme", "Authorization must use the Bearer scheme (or send the key in x-api-key)");
        }
        return refused("missing_user_key", "send your piapi key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
    }

    private static ResolvedUser find(ProxyCall call, String key) {
        return presented(key) ? call.snapshot().user(key) : null;
    }

    private static boolean presented(String key) {
        return key != null && !key.isEmpty();
    }

    private static Admission refused(String code, String message) {
        return new Admission.Refused(401, code, message, CHALLENGE);
    }
}
