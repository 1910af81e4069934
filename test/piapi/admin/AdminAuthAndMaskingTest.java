package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_SECRETS;
import static piapi.support.TestConfig.ADMIN_TOKEN;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.Gateway;
import piapi.support.Exposition;
import piapi.support.GatewayHarness;
import piapi.support.TestConfig;

/** Every config endpoint refuses a missing or wrong token and answers the right one; no answer but config/raw shows a secret. */
class AdminAuthAndMaskingTest extends AdminGatewayTestBase {
    /** method, path, body (null: none) for every endpoint issue 3 owns. */
    static final String[][] ENDPOINTS = {
            {"GET", "/config", null}, {"GET", "/config/raw", null}, {"PUT", "/config/raw", "BODY"},
            {"POST", "/config/validate", "BODY"}, {"POST", "/reload", null}, {"GET", "/status", null}};

    HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = piapi.request("/piadmin/api" + path);
        if (authorization != null) b.header("Authorization", authorization);
        String sent = body == null ? null : body.equals("BODY") ? original : body;
        b.method(method, sent == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(sent));
        HttpResponse<String> r = piapi.send(b.build());
        AdminChecks.commonHeaders(r);
        return r;
    }

    @Test
    void missingWrongAndRightTokenOnEveryEndpoint() throws Exception {
        for (String[] e : ENDPOINTS) {
            String what = e[0] + " " + e[1];
            HttpResponse<String> missing = call(e[0], e[1], e[2], null);
            AdminChecks.error(missing, 401, "unauthorized");
            assertEquals("Bearer realm=\"piapi-admin\"", missing.headers().firstValue("WWW-Authenticate").orElse(null), what);
            AdminChecks.error(call(e[0], e[1], e[2], "Bearer " + ADMIN_TOKEN + "x"), 401, "unauthorized");
            AdminChecks.error(call(e[0], e[1], e[2], "Basic " + ADMIN_TOKEN), 401, "unauthorized");
            HttpResponse<String> right = call(e[0], e[1], e[2], "Bearer " + ADMIN_TOKEN); // also clears the failure count
            assertEquals(200, right.statusCode(), what + ": " + right.body());
        }
        assertEquals(original, Files.readString(piapi.configFile), "refused calls changed nothing");
        assertEquals(1, piapi.gateway.config().current().generation());
    }

    @Test
    void wrongTokensAreCountedAndLoggedButNeverLockTheRightOneOut() throws Exception {
        for (int i = 0; i < 25; i++) AdminChecks.error(call("GET", "/status", null, "Bearer stale-script-token-" + i), 401, "unauthorized");
        HttpResponse<String> right = call("GET", "/status", null, "Bearer " + ADMIN_TOKEN);
        assertEquals(200, right.statusCode(), "the same address, right after 25 failures: " + right.body());
        Exposition metrics = Exposition.parse(piapi.send(piapi.request("/metrics").GET().build()).body());
        assertEquals(25, metrics.value("piapi_admin_auth_failures_total", "reason", "wrong_token"));
        Map<String, Object> event = piapi.log.await("admin_auth_failed", l -> "admin_auth_failed".equals(l.get("event")));
        assertEquals("127.0.0.1", event.get("client"));
        assertFalse(piapi.log.text().contains("stale-script"), "never the token sent");
    }

    @Test
    void aShortAdminTokenStopsTheStart() throws Exception {
        Gateway.ConfigInvalid e = assertThrows(Gateway.ConfigInvalid.class,
                () -> GatewayHarness.start(original, Map.of("PIAPI_ADMIN_TOKEN", "only-15-chars!!")));
        assertEquals("environment: PIAPI_ADMIN_TOKEN: is 15 characters; an admin token needs at least 16 "
                + "(make a good one with: openssl rand -hex 24)", e.problems().get(0).toString());
        try (GatewayHarness sixteen = GatewayHarness.start(original, Map.of("PIAPI_ADMIN_TOKEN", "exactly-16-chars"))) {
            assertEquals(200, sixteen.send(sixteen.request("/piadmin/api/status").header("Authorization", "Bearer exactly-16-chars")
                    .GET().build()).statusCode());
        }
    }

    @Test
    void noSecretAppearsInAnyAdminAnswerButConfigRawNorInTheLog() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        String auth = "Bearer " + ADMIN_TOKEN;
        for (String[] e : ENDPOINTS) answers.add(call(e[0], e[1], e[2], auth));
        answers.add(call("GET", "/status", null, "Bearer " + ADMIN_SECRETS.get(1))); // a provider key tried as the token
        // Error paths, each of which sees the secrets in its input.
        String invalid = original.replace("providerKeyName: main", "providerKeyName: " + TestConfig.ADMIN_PROVIDER_KEY);
        answers.add(call("PUT", "/config/raw", invalid, auth));
        answers.add(call("POST", "/config/validate", invalid, auth));
        answers.add(call("PUT", "/config/raw", original.replace("alice", "alicia"), auth));
        answers.add(call("PUT", "/config/raw", original, auth + "", "If-Match", "\"0000\""));
        piapi.gateway.reloader().close();
        Files.writeString(piapi.configFile, invalid);
        answers.add(call("POST", "/reload", null, auth));
        answers.add(call("GET", "/status", null, auth));
        answers.add(call("GET", "/config", null, auth));
        answers.add(call("GET", "/nope", null, auth));
        answers.add(piapi.send(piapi.request("/metrics").GET().build()));

        int checked = 0;
        for (HttpResponse<String> r : answers) {
            if (r.request().uri().getPath().endsWith("/config/raw") && r.request().method().equals("GET")) {
                assertTrue(r.body().contains(TestConfig.ADMIN_PROVIDER_KEY), "config/raw is the operator's own file, secrets included");
                continue;
            }
            checked++;
            for (String secret : ADMIN_SECRETS) {
                assertFalse(r.body().contains(secret), r.request().method() + " " + r.uri() + " shows a secret: " + r.body());
                r.headers().map().forEach((k, v) -> assertFalse(v.toString().contains(secret), k + " header shows a secret"));
            }
        }
        assertTrue(checked >= 14, "checked " + checked);
        assertTrue(answers.stream().anyMatch(r -> r.statusCode() == 400), "the error paths were exercised");
        assertTrue(answers.stream().anyMatch(r -> r.statusCode() == 409));
        assertTrue(answers.stream().anyMatch(r -> r.statusCode() == 422));
        piapi.log.await("the last audit line", l -> "admin_audit".equals(l.get("event")) && "reload".equals(l.get("action")));
        String log = piapi.log.text();
        for (String secret : ADMIN_SECRETS) assertFalse(log.contains(secret), "the log shows a secret");
    }

    HttpResponse<String> call(String method, String path, String body, String authorization, String header, String value) throws Exception {
        HttpRequest.Builder b = piapi.request("/piadmin/api" + path).header("Authorization", authorization).header(header, value);
        b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return piapi.send(b.build());
    }

    @Test
    void withoutATokenThereIsNoAdminApi() throws Exception {
        try (GatewayHarness plain = GatewayHarness.start(original)) {
            HttpResponse<String> r = plain.send(plain.request("/piadmin/api/status").header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build());
            AdminChecks.error(r, 404, "not_found");
            assertNotEquals(null, plain.gateway.reloader(), "reloading works without the admin API");
        }
    }
}
