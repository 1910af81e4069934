package piapi.proxy;

import com.sun.net.httpserver.Headers;

/**
 * The client's session id, for session affinity: Claude Code sends {@code x-claude-code-session-id},
 * Codex sends {@code session_id} (some clients {@code session-id}). Null when there is none.
 */
final class SessionIds {
    private static final String[] HEADERS = {"x-claude-code-session-id", "session_id", "session-id"};

    private SessionIds() {}

    static String of(Headers headers) {
        for (String name : HEADERS) {
            String v = headers.getFirst(name);
            if (v != null && !v.isBlank()) return v.strip();
        }
        return null;
    }
}
