package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piapi.config.ConfigTestSupport.NO_USERS;
import static piapi.config.ConfigTestSupport.assertLoads;
import static piapi.config.ConfigTestSupport.assertProblems;
import static piapi.config.ConfigTestSupport.service;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A service's {@code auth}: mode, header or query parameter name, and prefix (the Go default-prefix bug is fixed). */
class ConfigBinderAuthTest {

    @Test
    void unsupportedAuthModeIsCaseSensitiveAsInGo() {
        for (String mode : List.of("Header", "Query", "HEADER", "bearer")) {
            assertProblems(service("baseUrl: https://a.example\nauth:\n  mode: " + mode),
                    "config.yaml:8:17: providers[0].services[0].auth.mode: unsupported auth mode '" + mode + "' (use header or query)");
        }
    }

    @Test
    void queryModeNeedsAName() {
        assertProblems(service("baseUrl: https://a.example\nauth: {mode: query}"),
                "config.yaml:7:15: providers[0].services[0].auth.name: auth.name is required in query mode (the query parameter to put the key in)");
    }

    @Test
    void headerPrefixDefaultsToBearerOnlyForAuthorization() {
        GatewayConfig config = assertLoads("""
                providers:
                  - name: p
                    apiKeys: {k: v}
                    services:
                      - {type: none, baseUrl: "https://a.example"}
                      - {type: empty, baseUrl: "https://a.example", auth: {}}
                      - {type: blankmode, baseUrl: "https://a.example", auth: {mode: "", name: ""}}
                      - {type: lower, baseUrl: "https://a.example", auth: {name: authorization}}
                      - {type: xapikey, baseUrl: "https://a.example", auth: {mode: header, name: x-api-key}}
                      - {type: explicitempty, baseUrl: "https://a.example", auth: {name: Authorization, prefix: ""}}
                      - {type: token, baseUrl: "https://a.example", auth: {prefix: "Token "}}
                      - {type: colon, baseUrl: "https://a.example", auth: {name: x-key, prefix: "Key:"}}
                      - {type: query, baseUrl: "https://a.example", auth: {mode: query, name: api_key}}
                """, NO_USERS);
        List<Auth> expected = List.of(
                Auth.DEFAULT,
                new Auth(Auth.Mode.HEADER, "Authorization", "Bearer "),
                new Auth(Auth.Mode.HEADER, "Authorization", "Bearer "),
                new Auth(Auth.Mode.HEADER, "authorization", "Bearer "),
                new Auth(Auth.Mode.HEADER, "x-api-key", ""),
                new Auth(Auth.Mode.HEADER, "Authorization", ""),
                new Auth(Auth.Mode.HEADER, "Authorization", "Token "),
                new Auth(Auth.Mode.HEADER, "x-key", "Key:"),
                new Auth(Auth.Mode.QUERY, "api_key", ""));
        assertEquals(expected, config.provider("p").services().stream().map(ServiceEndpoint::auth).toList());
        assertEquals(new Auth(Auth.Mode.HEADER, "Authorization", "Bearer "), Auth.DEFAULT);
    }

    @Test
    void prefixEndingInALetterOrDigitWarns() {
        GatewayConfig config = assertLoads(service("baseUrl: https://a.example\nauth: {prefix: Bearer}"),
                NO_USERS,
                "config.yaml:7:24: warning: providers[0].services[0].auth.prefix: prefix 'Bearer' ends without a space, so the header"
                        + " will read 'Bearer<key>'; write it quoted, e.g. \"Bearer \", if a space is meant");
        assertEquals("Bearer", config.provider("p").service("codex").auth().prefix());
        assertLoads(service("baseUrl: https://a.example\nauth: {prefix: v2}"),
                NO_USERS,
                "config.yaml:7:24: warning: providers[0].services[0].auth.prefix: prefix 'v2' ends without a space, so the header"
                        + " will read 'v2<key>'; write it quoted, e.g. \"v2 \", if a space is meant");
    }

    @Test
    void prefixInQueryModeWarnsThatItIsUnused() {
        GatewayConfig config = assertLoads(service("baseUrl: https://a.example\nauth: {mode: query, name: key, prefix: \"Bearer \"}"),
                NO_USERS,
                "config.yaml:7:48: warning: providers[0].services[0].auth.prefix: prefix is not used in query mode");
        assertEquals(new Auth(Auth.Mode.QUERY, "key", ""), config.provider("p").service("codex").auth());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"x api key\"", "\"x:key\"", "\"x-ключ\"", "\"(key)\"", "\"a/b\""})
    void invalidHeaderNamesAreRejected(String name) {
        String shown = name.substring(1, name.length() - 1);
        assertProblems(service("baseUrl: https://a.example\nauth: {name: " + name + "}"),
                "config.yaml:7:22: providers[0].services[0].auth.name: '" + shown + "' is not a valid header name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "content-length", "Transfer-Encoding", "Connection", "TE", "Upgrade"})
    void headersManagedByTheProxyCannotCarryAKey(String name) {
        assertProblems(service("baseUrl: https://a.example\nauth: {name: " + name + "}"),
                "config.yaml:7:22: providers[0].services[0].auth.name: '" + name + "' is managed by the proxy and cannot carry a key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a&b", "a=b", "\"a b\"", "a+b", "\"a#b\"", "a%20", "\"ключ\""})
    void invalidQueryParameterNamesAreRejected(String name) {
        String shown = name.startsWith("\"") ? name.substring(1, name.length() - 1) : name;
        assertProblems(service("baseUrl: https://a.example\nauth: {mode: query, name: " + name + "}"),
                "config.yaml:7:35: providers[0].services[0].auth.name: '" + shown
                        + "' is not a valid query parameter name (no spaces, '&', '=', '#', '%' or '+')");
    }
}
