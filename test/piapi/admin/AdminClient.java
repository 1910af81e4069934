package piapi.admin;

import static piapi.support.TestConfig.ADMIN_TOKEN;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import piapi.http.JsonReader;
import piapi.support.TestConfig;
import piapi.support.GatewayHarness;

/** Admin API calls with the token, and the ETag of the config file for If-Match. */
final class AdminClient {
    private final GatewayHarness piapi;

    AdminClient(GatewayHarness piapi) {
        this.piapi = piapi;
    }

    HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = piapi.request("/piadmin/api" + path).header("Authorization", "Bearer " + ADMIN_TOKEN);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = piapi.send(b.build());
        AdminChecks.commonHeaders(r);
        return r;
    }

    /** The config file's ETag, as the page gets it before an edit. */
    String etag() throws Exception {
        return call("GET", "/config/raw", null).headers().firstValue("ETag").orElseThrow();
    }

    /** A write based on the current file. */
    HttpResponse<String> write(String method, String path, String body) throws Exception {
        return call(method, path, body, "If-Match", etag(), "Content-Type", "application/json");
    }

    static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        return JsonReader.parseObject(r.body());
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
