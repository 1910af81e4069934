package piapi.admin;

import java.io.IOException;
import java.util.function.Consumer;
import piapi.http.JsonWriter;
import piapi.http.Outcome;

/**
 * piapi's JSON error shape with extra members after {@code error} (e.g. {@code problems}), for admin
 * answers that must say more than one message: {@code {"error":{...,"request_id":"..."},"problems":[...]}}.
 */
final class AdminErrors {
    private AdminErrors() {}

    static void send(AdminRequest r, int status, String code, String message, Consumer<JsonWriter> extra) throws IOException {
        JsonWriter w = new JsonWriter().beginObject().name("error").beginObject().field("type", "piapi_error")
                .field("code", code).field("message", message).field("request_id", r.record().id()).endObject();
        extra.accept(w);
        r.record().outcome(status >= 500 ? Outcome.INTERNAL_ERROR : Outcome.REJECTED);
        r.record().error(code);
        r.exchange().getResponseHeaders().set("X-Request-ID", r.record().id());
        r.json(status, w.endObject().toString());
    }
}
