package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piapi.config.ConfigTestSupport.NO_USERS;
import static piapi.config.ConfigTestSupport.assertLoads;
import static piapi.config.ConfigTestSupport.assertProblems;
import static piapi.config.ConfigTestSupport.service;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules about {@code providers}, keys and services: those every existing config follows and piapi's stricter ones (auth: {@link ConfigBinderAuthTest}). */
class ConfigBinderProvidersTest {

    @Test
    void providerNameIsRequired() {
        assertProblems("""
                providers:
                  - apiKeys: {k: v}
                  - name: "  "
                    apiKeys: {k: v}
                """,
                "config.yaml:2:5: providers[0].name: name is required",
                "config.yaml:3:5: providers[1].name: name is required");
    }

    @Test
    void providerNameDuplicatedAfterTrimming() {
        assertProblems("""
                providers:
                  - name: alpha
                    apiKeys: {k: v}
                  - name: " alpha "
                    apiKeys: {k: v}
                """,
                "config.yaml:4:11: providers[1].name: provider name 'alpha' duplicated (first at 2:5)");
    }

    @Test
    void apiKeysMustNotBeEmpty() {
        assertProblems("""
                providers:
                  - name: a
                  - name: b
                    apiKeys: {}
                  - name: c
                    apiKeys:
                """,
                "config.yaml:2:5: providers[0].apiKeys: apiKeys must not be empty (provider 'a')",
                "config.yaml:4:14: providers[1].apiKeys: apiKeys must not be empty (provider 'b')",
                "config.yaml:6:13: providers[2].apiKeys: apiKeys must not be empty (provider 'c')");
    }

    @Test
    void apiKeysContainsEmptyKeyName() {
        assertProblems("""
                providers:
                  - name: a
                    apiKeys:
                      k: v
                      "  ": v2
                """,
                "config.yaml:5:7: providers[0].apiKeys: contains an empty key name");
    }

    @Test
    void apiKeyNamesDuplicatedAfterTrimming() {
        assertProblems("""
                providers:
                  - name: a
                    apiKeys:
                      k: v
                      " k": v2
                """,
                "config.yaml:5:7: providers[0].apiKeys. k: duplicate key name 'k'");
    }

    @Test
    void apiKeyValueMustNotBeEmpty() {
        assertProblems("""
                providers:
                  - name: a
                    apiKeys:
                      quoted: ""
                      blank: "   "
                      tilde: ~
                      nothing:
                """,
                "config.yaml:4:15: providers[0].apiKeys.quoted: value must not be empty",
                "config.yaml:5:14: providers[0].apiKeys.blank: value must not be empty",
                "config.yaml:6:14: providers[0].apiKeys.tilde: value must not be empty",
                "config.yaml:7:15: providers[0].apiKeys.nothing: value must not be empty");
    }

    @Test
    void serviceTypeIsRequired() {
        assertProblems("""
                providers:
                  - name: a
                    apiKeys: {k: v}
                    services:
                      - baseUrl: https://a.example
                      - type: " "
                        baseUrl: https://a.example
                """,
                "config.yaml:5:9: providers[0].services[0].type: type is required",
                "config.yaml:6:9: providers[0].services[1].type: type is required");
    }

    @Test
    void serviceTypeDuplicatedAfterTrimming() {
        assertProblems(service("baseUrl: https://a.example") + """
                      - type: " codex "
                        baseUrl: https://b.example
                """,
                "config.yaml:7:15: providers[0].services[1].type: duplicate service type 'codex' in provider 'p' (first at 5:9)");
    }

    @Test
    void serviceTypeMustBeAPathSegment() {
        assertProblems("""
                providers:
                  - name: a
                    apiKeys: {k: v}
                    services:
                      - {type: "a/b", baseUrl: "https://a.example"}
                """,
                "config.yaml:5:16: providers[0].services[0].type: type 'a/b' cannot contain '/', '%', '?' or spaces: it is a path segment");
    }

    @Test
    void baseUrlIsRequired() {
        assertProblems(service("baseUrl: \"\""),
                "config.yaml:6:18: providers[0].services[0].baseUrl: baseUrl is required");
        assertProblems(service(""),
                "config.yaml:5:9: providers[0].services[0].baseUrl: baseUrl is required");
    }

    @Test
    void baseUrlMustBeAbsoluteHttpWithAHost() {
        String rule = "baseUrl must be an absolute http:// or https:// URL with a host, e.g. https://api.openai.com/v1";
        for (String url : List.of("ftp://a.example/v1", "/v1", "a.example/v1", "http:///v1", "https:a.example", "file:///etc/passwd")) {
            assertProblems(service("baseUrl: \"" + url + "\""), "config.yaml:6:18: providers[0].services[0].baseUrl: " + rule);
        }
    }

    @Test
    void baseUrlMustNotHaveAFragmentOrCredentials() {
        assertProblems(service("baseUrl: https://a.example/v1#top"),
                "config.yaml:6:18: providers[0].services[0].baseUrl: baseUrl must not have a #fragment");
        assertProblems(service("baseUrl: https://me:pw@a.example/v1"),
                "config.yaml:6:18: providers[0].services[0].baseUrl: baseUrl must not carry credentials (user:password@); put the key in apiKeys");
    }

    @Test
    void baseUrlWithAnIllegalCharacterIsReportedWithItsIndex() {
        assertProblems(service("baseUrl: \"https://a.example/v 1\""),
                "config.yaml:6:18: providers[0].services[0].baseUrl: baseUrl is not a valid URL: Illegal character in path at index 19");
    }

    @Test
    void aProviderWithoutServicesIsValid() {
        GatewayConfig config = assertLoads("""
                providers:
                  - name: p
                    apiKeys: {k: v}
                  - name: q
                    apiKeys: {k: v}
                    services: []
                """, NO_USERS);
        assertEquals(List.of(), config.provider("p").services());
        assertEquals(List.of(), config.provider("q").services());
    }

    @Test
    void wrongTypesAreReportedOnceWhereTheyAre() {
        assertProblems("""
                providers:
                  - name: a
                    apiKeys: [a]
                    services: {type: x}
                  - just-a-name
                  - name: b
                    apiKeys: {k: v}
                    services:
                      - codex
                      - type: c
                        baseUrl: https://a.example
                        auth: header
                """,
                "config.yaml:3:14: providers[0].apiKeys: must be a mapping (key: value lines), not a list",
                "config.yaml:4:15: providers[0].services: must be a list (lines starting with '- '), not a mapping",
                "config.yaml:5:5: providers[1]: must be a mapping (key: value lines), not a single value",
                "config.yaml:9:9: providers[2].services[0]: must be a mapping (key: value lines), not a single value",
                "config.yaml:12:15: providers[2].services[1].auth: must be a mapping (key: value lines), not a single value");
    }

    @Test
    void unknownKeysWarnWhereTheyAreWithASuggestion() {
        assertLoads("""
                providers:
                  - name: p
                    apikeys: {k: v}
                    apiKeys: {k: v}
                    services:
                      - type: codex
                        baseURL: https://a.example
                        baseUrl: https://a.example
                        auth: {prefx: "Bearer ", colour: blue}
                """,
                NO_USERS,
                "config.yaml:3:5: warning: providers[0].apikeys: unknown key, ignored (did you mean 'apiKeys'?)",
                "config.yaml:7:9: warning: providers[0].services[0].baseURL: unknown key, ignored (did you mean 'baseUrl'?)",
                "config.yaml:9:15: warning: providers[0].services[0].auth.name: auth has no 'name', so the key will be sent as "
                        + "'Authorization: Bearer <key>'; check the spelling of its keys",
                "config.yaml:9:16: warning: providers[0].services[0].auth.prefx: unknown key, ignored (did you mean 'prefix'?)",
                "config.yaml:9:34: warning: providers[0].services[0].auth.colour: unknown key, ignored");
    }

    @Test
    void anInvalidServiceIsNotAlsoReportedMissingByTheRoutesUsingIt() {
        assertProblems("""
                providers:
                  - name: p
                    apiKeys: {k: v}
                    services:
                      - {type: codex, baseUrl: "ftp://a.example"}
                      - {type: cc, baseUrl: "https://a.example", auth: {mode: Header}}
                users:
                  - name: u
                    apiKey: user-key
                    services:
                      codex: {providerName: p, providerKeyName: k}
                      cc: {providerName: p, providerKeyName: k}
                """,
                "config.yaml:5:32: providers[0].services[0].baseUrl: baseUrl must be an absolute http:// or https:// URL with a host,"
                        + " e.g. https://api.openai.com/v1",
                "config.yaml:6:63: providers[0].services[1].auth.mode: unsupported auth mode 'Header' (use header or query)");
    }
}
