package piapi.admin;

import java.util.function.Consumer;
import piapi.http.JsonWriter;

/**
 * piapi's JSON error shape with extra members after {@code error} (e.g. {@code problems}), for admin
 * answers that must say more than one message: {@code {"error":{...,"request_id":"..."},"problems":[...]}}.
 */
final class AdminErrors {
    private AdminErrors() {}

    static void send(AdminRequest r, int status, String code, String message, Consumer<JsonWriter> extra) {
        r.error(status, code, message, extra);
    }
}
