package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import piapi.http.JsonReader;

/** What every admin answer must carry, and piapi's JSON error shape. */
final class AdminChecks {
    private AdminChecks() {}

    static void commonHeaders(HttpResponse<String> r) {
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), r.uri().toString());
        assertTrue(r.headers().firstValue("X-Piapi-Request-Id").isPresent(), "request id on " + r.uri());
    }

    /** Asserts the status and piapi's error shape with the request id; returns the error object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> error(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.body());
        Map<String, Object> error = (Map<String, Object>) JsonReader.parseObject(r.body()).get("error");
        assertEquals("piapi_error", error.get("type"));
        assertEquals(code, error.get("code"), r.body());
        assertEquals(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow(), error.get("request_id"));
        return error;
    }
}
