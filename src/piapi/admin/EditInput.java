package piapi.admin;

import java.io.IOException;

/**
 * What an edit handler checks before it touches the config file: its path parameters and its JSON body.
 * A refusal here is answered at once (400, or 413 for a body too large) and the handler gets null and
 * returns; no audit line is written, since no change was attempted.
 */
final class EditInput {
    private EditInput() {}

    @FunctionalInterface
    interface PathCheck<T> {
        T check() throws Refusal;
    }

    @FunctionalInterface
    interface BodyRead<T> {
        T read(JsonInput body) throws Refusal;
    }

    /** What {@code check} makes of the path parameters; null after answering its refusal. */
    static <T> T fromPath(AdminRequest r, PathCheck<T> check) throws IOException {
        try {
            return check.check();
        } catch (Refusal e) {
            r.error(e.status(), e.code(), e.getMessage());
            return null;
        }
    }

    /** What {@code read} makes of the JSON body; null after answering 413 or a refusal. */
    static <T> T fromBody(AdminRequest r, BodyRead<T> read) throws IOException {
        try {
            JsonInput body = JsonInput.read(r);
            return body == null ? null : read.read(body);
        } catch (Refusal e) {
            r.error(e.status(), e.code(), e.getMessage());
            return null;
        }
    }
}
