package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piapi.config.ConfigTestSupport.ALPHA;
import static piapi.config.ConfigTestSupport.ALPHA_BETA;
import static piapi.config.ConfigTestSupport.assertLoads;
import static piapi.config.ConfigTestSupport.assertProblems;
import static piapi.config.ConfigTestSupport.load;
import static piapi.config.ConfigTestSupport.problems;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules about {@code users}: keys, names and the service mapping (routes: {@link ConfigBinderRoutesTest}). */
class ConfigBinderUsersTest {

    @Test
    void apiKeyIsRequired() {
        assertProblems(ALPHA + """
                users:
                  - name: u
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                  - name: v
                    apiKey: "  "
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                """,
                "config.yaml:10:5: users[0].apiKey: apiKey is required",
                "config.yaml:13:13: users[1].apiKey: value must not be empty");
    }

    @Test
    void duplicateApiKeyAfterTrimmingNamesTheOtherUserButNotTheKey() {
        assertProblems(ALPHA + """
                users:
                  - name: first
                    apiKey: piapi-shared-key
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                  - name: second
                    apiKey: " piapi-shared-key "
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                """,
                "config.yaml:14:13: users[1].apiKey: apiKey is the same as the key of users[0] ('first')");
    }

    @Test
    void servicesMappingIsRequired() {
        assertProblems(ALPHA + """
                users:
                  - name: a
                    apiKey: key-a
                  - name: b
                    apiKey: key-b
                    services: {}
                  - name: c
                    apiKey: key-c
                    services: ~
                """,
                "config.yaml:10:5: users[0].services: services mapping is required (service type -> route)",
                "config.yaml:14:15: users[1].services: services mapping is required (service type -> route)",
                "config.yaml:17:15: users[2].services: services mapping is required (service type -> route)");
    }

    @Test
    void serviceTypeKeyMustNotBeEmpty() {
        assertProblems(ALPHA + """
                users:
                  - name: u
                    apiKey: user-key
                    services:
                      codex: {providerName: alpha, providerKeyName: k1}
                      " ": {providerName: alpha, providerKeyName: k1}
                """,
                "config.yaml:14:7: users[0].services: service type key must not be empty");
    }

    @Test
    void serviceMappingDuplicatedAfterTrimming() {
        assertProblems(ALPHA + """
                users:
                  - name: u
                    apiKey: user-key
                    services:
                      codex: {providerName: alpha, providerKeyName: k1}
                      "codex ": {providerName: alpha, providerKeyName: k2}
                """,
                "config.yaml:14:7: users[0].services.codex : duplicate service mapping for 'codex'");
    }

    @Test
    void emptyUserNameWarnsAndTheUserStillLoads() {
        GatewayConfig config = assertLoads(ALPHA + """
                users:
                  - apiKey: key-a
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                  - name: " "
                    apiKey: key-b
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                """,
                "config.yaml:10:5: warning: users[0].name: name is empty: logs, metrics and admin views will not tell this user apart",
                "config.yaml:12:5: warning: users[1].name: name is empty: logs, metrics and admin views will not tell this user apart");
        assertEquals(List.of("", ""), config.users().stream().map(User::name).toList());
    }

    @Test
    void duplicateUserNameAfterTrimmingIsAnError() {
        assertProblems(ALPHA + """
                users:
                  - name: bob
                    apiKey: key-a
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                  - name: "bob "
                    apiKey: key-b
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                """,
                "config.yaml:13:11: users[1].name: user name 'bob' duplicated (first at 10:5): logs, metrics and admin views identify users by name");
    }

    @Test
    void namesAndKeysAreTrimmedAsInGo() {
        GatewayConfig config = assertLoads(ALPHA + """
                users:
                  - name: " Alice "
                    apiKey: " piapi-alice "
                    services: {" codex ": {providerName: " alpha ", providerKeyName: " k1 "}}
                """);
        User alice = config.users().get(0);
        assertEquals("Alice", alice.name());
        assertEquals("piapi-alice", alice.apiKey().reveal());
        assertEquals(List.of("codex"), List.copyOf(alice.services().keySet()));
        assertEquals(new Candidate("alpha", "k1", 1, true, List.of()), alice.services().get("codex").candidates().get(0));
    }

    @Test
    void aUserKeyThatIsANumberOrBooleanKeepsItsSourceText() {
        GatewayConfig config = assertLoads(ALPHA + """
                users:
                  - {name: a, apiKey: 0x1F, services: {codex: {providerName: alpha, providerKeyName: k1}}}
                  - {name: b, apiKey: 1.50, services: {codex: {providerName: alpha, providerKeyName: k1}}}
                  - {name: c, apiKey: true, services: {codex: {providerName: alpha, providerKeyName: k1}}}
                """);
        assertEquals(List.of("0x1F", "1.50", "true"), config.users().stream().map(u -> u.apiKey().reveal()).toList());
    }

    @Test
    void wrongTypesAreReportedOnceWhereTheyAre() {
        assertProblems(ALPHA + """
                users:
                  - just-a-string
                  - name: u
                    apiKey: [x]
                    services: [codex]
                  - name: v
                    apiKey: key-v
                    services:
                      codex: alpha/k1
                """,
                "config.yaml:10:5: users[0]: must be a mapping (key: value lines), not a single value",
                "config.yaml:12:13: users[1].apiKey: must be a single value, not a list",
                "config.yaml:13:15: users[1].services: must be a mapping (key: value lines), not a list",
                "config.yaml:17:14: users[2].services.codex: must be a mapping (key: value lines), not a single value");
    }

    @Test
    void unknownUserKeysWarnWithASuggestion() {
        assertLoads(ALPHA + """
                users:
                  - name: u
                    apikey: oops
                    apiKey: user-key
                    service: {}
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                    team: core
                """,
                "config.yaml:11:5: warning: users[0].apikey: unknown key, ignored (did you mean 'apiKey'?)",
                "config.yaml:13:5: warning: users[0].service: unknown key, ignored (did you mean 'services'?)",
                "config.yaml:15:5: warning: users[0].team: unknown key, ignored");
    }

    @Test
    void everyProblemOfAFileIsReportedInDocumentOrder() {
        // users are written before providers and checked after them: the list is still in file order
        assertProblems("""
                users:
                  - name: u
                    apiKey: user-key
                    services:
                      codex: {providerName: beta, providerKeyName: k1}
                      claude_code: {providerName: alpha, providerKeyNmae: k1}
                  - name: u
                    apiKey: user-key
                    services: {codex: {providerName: alpha, providerKeyName: k9}}
                providers:
                  - name: alpha
                    apiKeys: {k1: v, k2: ""}
                    services:
                      - {type: codex, baseUrl: "https://alpha.example"}
                      - {type: claude_code, baseUrl: "https://alpha.example", auth: {mode: Header}}
                  - name: alpha
                    apiKeys: {k: v}
                timeouts: {connect: 10}
                """,
                "config.yaml:5:29: users[0].services.codex.providerName: provider 'beta' not defined",
                "config.yaml:6:20: users[0].services.claude_code.providerKeyName: providerKeyName is required",
                "config.yaml:6:42: warning: users[0].services.claude_code.providerKeyNmae: unknown key, ignored (did you mean 'providerKeyName'?)",
                "config.yaml:7:11: users[1].name: user name 'u' duplicated (first at 2:5): logs, metrics and admin views identify users by name",
                "config.yaml:8:13: users[1].apiKey: apiKey is the same as the key of users[0] ('u')",
                "config.yaml:9:62: users[1].services.codex.providerKeyName: provider key 'k9' missing for provider 'alpha'",
                "config.yaml:12:26: providers[0].apiKeys.k2: value must not be empty",
                "config.yaml:15:76: providers[0].services[1].auth.mode: unsupported auth mode 'Header' (use header or query)",
                "config.yaml:16:11: providers[1].name: provider name 'alpha' duplicated (first at 11:5)",
                "config.yaml:18:21: timeouts.connect: '10' is not a positive duration; write e.g. 10s, 1m30s or 250ms");
    }

    @Test
    void usersMayReferToProvidersDefinedBelowThem() {
        GatewayConfig config = assertLoads("""
                users:
                  - name: u
                    apiKey: user-key
                    services: {other: {providerName: beta, providerKeyName: k1}}
                """ + ALPHA_BETA);
        assertEquals("beta", config.users().get(0).services().get("other").candidates().get(0).providerName());
    }

    @Test
    void aValueProblemInAKeyDoesNotAlsoMakeItsRoutesReportTheKeyMissing() {
        assertProblems(Map.of(), ALPHA.replace("k3: sk-three", "k3: \"${NOT_SET}\"") + """
                users:
                  - name: u
                    apiKey: user-key
                    services: {codex: {providerName: alpha, providerKeyName: k3}}
                """,
                "config.yaml:3:43: providers[0].apiKeys.k3: environment variable 'NOT_SET' is not set");
        assertEquals(1, load(ALPHA.replace("k3: sk-three", "k3: ~") + "users: []\n").problems().size());
    }
}
