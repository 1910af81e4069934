package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static piapi.config.ConfigTestSupport.ALPHA;
import static piapi.config.ConfigTestSupport.assertLoads;
import static piapi.config.ConfigTestSupport.assertProblems;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${VAR}} in secret values: the expander itself, then what the binder does with it. */
class EnvExpanderTest {
    private static final Map<String, String> ENV = Map.of("A", "aa", "B", "bb", "EMPTY", "", "BLANK", "   ",
            "KEY", "sk-from-env", "USER_KEY", "piapi-from-env", "NESTED", "${A}", "HOST", "api.example");

    private final List<String> reported = new ArrayList<>();

    private String expand(String raw) {
        return new EnvExpander(ENV).expand(raw, reported::add);
    }

    private void assertRejected(String raw, String problem) {
        assertNull(expand(raw), raw);
        assertEquals(List.of(problem), reported, raw);
        reported.clear();
    }

    @Test
    void textWithoutReferencesIsUnchanged() {
        assertEquals("sk-plain", expand("sk-plain"));
        assertEquals("a$b$", expand("a$b$"));
        assertEquals("{A}", expand("{A}"));
        assertEquals(List.of(), reported);
    }

    @Test
    void referencesAreReplacedFromTheGivenEnvironment() {
        assertEquals("sk-from-env", expand("${KEY}"));
        assertEquals("sk-aa-bb", expand("sk-${A}-${B}"));
        assertEquals("aabb", expand("${A}${B}"));
        assertEquals("", expand("${EMPTY}"), "an empty value expands to empty; the binder rejects the result");
        assertEquals("${A}", expand("${NESTED}"), "a value is not expanded again");
        assertEquals(List.of(), reported);
    }

    @Test
    void doubleDollarWritesALiteralReference() {
        assertEquals("${A}", expand("$${A}"));
        assertEquals("pre-${NOT_SET}-aa", expand("pre-$${NOT_SET}-${A}"));
        assertEquals("${", expand("$${"));
        assertEquals(List.of(), reported);
    }

    @Test
    void aFallbackIsUsedWhenTheVariableIsUnsetOrEmpty() {
        assertEquals("x", expand("${NOT_SET:-x}"));
        assertEquals("x", expand("${EMPTY:-x}"));
        assertEquals("aa", expand("${A:-x}"));
        assertEquals("", expand("${NOT_SET:-}"));
        assertEquals(List.of(), reported);
    }

    @Test
    void aMissingVariableIsNamed() {
        assertRejected("${NOT_SET}", "environment variable 'NOT_SET' is not set");
        assertRejected("sk-${A}-${MISSING_TOO}", "environment variable 'MISSING_TOO' is not set");
    }

    @Test
    void anUnclosedReferenceIsRejected() {
        assertRejected("sk-${A", "'${' without a closing '}' (write $${ for a literal ${)");
        assertRejected("${", "'${' without a closing '}' (write $${ for a literal ${)");
    }

    @Test
    void badVariableNamesAreRejected() {
        for (String raw : List.of("${}", "${1A}", "${A-B}", "${ A }", "${A.B}", "${É}", "${:-x}")) {
            assertRejected(raw, "'${...}' is not a valid environment variable reference: a name is letters, digits"
                    + " and '_', not starting with a digit");
        }
        assertEquals(true, EnvExpander.isVariableName("_A1"));
        assertEquals(false, EnvExpander.isVariableName("1A"));
    }

    @Test
    void aMalformedReferenceIsNotEchoedBecauseItMayHoldAKeyWrittenInsideTheBraces() {
        assertNull(expand("${sk-live-S3CR3T}"));
        assertFalse(reported.toString().contains("S3CR3T"), reported::toString);
    }

    @Test
    void providerAndUserKeysAreExpandedThroughTheBinder() {
        GatewayConfig config = assertLoads(ENV, ALPHA.replace("k1: sk-one, k2: sk-two, k3: sk-three",
                "k1: \"${KEY}\", k2: \"sk-${A}-${B}\", k3: \"$${A}\"") + """
                users:
                  - name: u
                    apiKey: ${USER_KEY}
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                """);
        Provider alpha = config.provider("alpha");
        assertEquals("sk-from-env", alpha.apiKeys().get("k1").reveal());
        assertEquals("sk-aa-bb", alpha.apiKeys().get("k2").reveal());
        assertEquals("${A}", alpha.apiKeys().get("k3").reveal());
        assertEquals("piapi-from-env", config.users().get(0).apiKey().reveal());
    }

    @Test
    void expansionProblemsArePositionedAtTheValue() {
        assertProblems(ENV, """
                providers:
                  - name: p
                    apiKeys:
                      missing: ${NOT_SET}
                      unclosed: sk-${A
                      badname: ${1A}
                      empty: ${EMPTY}
                      blank: "${BLANK}"
                users:
                  - name: u
                    apiKey: ${NO_USER_KEY}
                    services: {codex: {providerName: p, providerKeyName: missing}}
                """,
                "config.yaml:4:16: providers[0].apiKeys.missing: environment variable 'NOT_SET' is not set",
                "config.yaml:5:17: providers[0].apiKeys.unclosed: '${' without a closing '}' (write $${ for a literal ${)",
                "config.yaml:6:16: providers[0].apiKeys.badname: '${...}' is not a valid environment variable reference:"
                        + " a name is letters, digits and '_', not starting with a digit",
                "config.yaml:7:14: providers[0].apiKeys.empty: value must not be empty",
                "config.yaml:8:14: providers[0].apiKeys.blank: value must not be empty",
                "config.yaml:11:13: users[0].apiKey: environment variable 'NO_USER_KEY' is not set",
                "config.yaml:12:38: users[0].services.codex: provider 'p' does not expose service 'codex'");
    }

    @Test
    void onlySecretsAreExpandedNotUrlsOrNames() {
        // HOST is set, yet the URL keeps "${HOST}" and fails as a URL: it was not expanded
        assertProblems(ENV, """
                providers:
                  - name: p
                    apiKeys: {k: v}
                    services:
                      - type: codex
                        baseUrl: https://${HOST}/v1
                """,
                "config.yaml:6:18: providers[0].services[0].baseUrl: baseUrl is not a valid URL: Illegal character in authority at index 9");
        GatewayConfig config = assertLoads(ENV, """
                providers:
                  - name: ${A}
                    apiKeys: {"${B}": v}
                    services: [{type: codex, baseUrl: "https://a.example/v1"}]
                users:
                  - name: ${A}
                    apiKey: user-key
                    services: {codex: {providerName: "${A}", providerKeyName: "${B}"}}
                """);
        assertEquals("${A}", config.providers().get(0).name());
        assertEquals(List.of("${B}"), List.copyOf(config.providers().get(0).apiKeys().keySet()));
        assertEquals("${A}", config.users().get(0).name());
    }

    @Test
    void anExpandedValueIsTrimmedLikeAWrittenOne() {
        GatewayConfig config = assertLoads(Map.of("PADDED", "  sk-padded  "), ALPHA.replace("k1: sk-one", "k1: \"${PADDED}\"") + """
                users: [{name: u, apiKey: k, services: {codex: {providerName: alpha, providerKeyName: k1}}}]
                """);
        assertEquals("sk-padded", config.provider("alpha").apiKeys().get("k1").reveal());
    }
}
