package piapi.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import piapi.observe.Events;

/**
 * The audit trail of changes made through the admin API: one {@code admin_audit} event per change
 * attempt, with its time, action, result, client address, token fingerprint (never the token), request
 * id, and the config's SHA-256 before and after.
 */
final class AdminAudit {
    private final Events events;

    AdminAudit(Events events) {
        this.events = events;
    }

    void record(AdminRequest r, String action, String result, String sha256Before, String sha256After, Object... extra) {
        List<Object> fields = new ArrayList<>(Arrays.asList("action", action, "result", result, "client", r.clientAddress(),
                "token_fingerprint", r.tokenFingerprint(), "request_id", r.requestId(),
                "sha256_before", sha256Before, "sha256_after", sha256After)); // nulls allowed: Arrays.asList, not List.of
        fields.addAll(Arrays.asList(extra));
        if (result.equals("failure") || result.equals("rolled_back")) events.warn("admin_audit", fields.toArray());
        else events.info("admin_audit", fields.toArray());
    }
}
