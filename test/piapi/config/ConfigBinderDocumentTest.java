package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piapi.config.ConfigTestSupport.ALPHA;
import static piapi.config.ConfigTestSupport.NO_USERS;
import static piapi.config.ConfigTestSupport.assertLoads;
import static piapi.config.ConfigTestSupport.assertProblems;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The document as a whole: its root, the top-level keys, and configs without users. */
class ConfigBinderDocumentTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "# only a comment\n", "~", "null", "{}", "---\n", "providers:\n"})
    void anEmptyConfigIsValidAndWarnsThatNobodyCanUseIt(String yaml) {
        GatewayConfig config = assertLoads(yaml, NO_USERS);
        assertEquals(List.of(), config.providers());
        assertEquals(List.of(), config.users());
        assertEquals(Settings.DEFAULTS, config.settings());
    }

    @Test
    void theNoUsersWarningPointsAtAnEmptyUsersList() {
        assertLoads(ALPHA + "users: []\n",
                "config.yaml:9:8: warning: users: no users are configured: every request will be refused with 401");
    }

    @Test
    void theNoUsersWarningPointsAtAnEmptyUsersKey() {
        assertLoads("providers:\nusers:\n", "config.yaml:2:7: warning: users: no users are configured: every request will be refused with 401");
    }

    @Test
    void theNoUsersWarningIsLeftOutWhenThereAreErrors() {
        assertProblems("providers:\n  - name: p\n",
                "config.yaml:2:5: providers[0].apiKeys: apiKeys must not be empty (provider 'p')");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "42", "'quoted'", "true"})
    void aTopLevelScalarIsAnError(String yaml) {
        assertProblems(yaml, "config.yaml:1:1: the file must be a mapping with 'providers' and 'users', not a single value");
    }

    @Test
    void aTopLevelListIsAnError() {
        assertProblems("- name: p\n- name: q\n", "config.yaml:1:1: must be a mapping (key: value lines), not a list");
        assertProblems("[providers, users]", "config.yaml:1:1: must be a mapping (key: value lines), not a list");
    }

    @Test
    void topLevelTypeMismatchesArePositioned() {
        assertProblems("""
                providers: 5
                users: {a: b}
                """,
                "config.yaml:1:12: providers: must be a list (lines starting with '- '), not a single value",
                "config.yaml:2:8: users: must be a list (lines starting with '- '), not a mapping");
        assertProblems("users:\n  name: bob\n", "config.yaml:2:3: users: must be a list (lines starting with '- '), not a mapping");
    }

    @Test
    void unknownTopLevelKeysWarnWithASuggestion() {
        assertLoads("""
                provider: []
                user: []
                logging: {level: debug}
                """,
                "config.yaml:1:1: warning: provider: unknown key, ignored (did you mean 'providers'?)",
                NO_USERS, // no users node: the warning sits at the root, after the first warning there
                "config.yaml:2:1: warning: user: unknown key, ignored (did you mean 'users'?)",
                "config.yaml:3:1: warning: logging: unknown key, ignored");
    }

    @Test
    void aYamlSyntaxErrorIsOnePositionedProblem() {
        assertProblems("""
                providers:
                  - name: p
                    apiKeys: {k: v
                """,
                "config.yaml:3:14: flow collection must be closed on the same line");
        assertProblems("users:\n\t- name: u\n", "config.yaml:2:1: tab character in indentation; use spaces");
    }

    @Test
    void quotedAndPlainKeysAreTheSameSchemaKeys() {
        GatewayConfig config = assertLoads("""
                "providers":
                  - 'name': p
                    "apiKeys": {k: v}
                """, NO_USERS);
        assertEquals("p", config.providers().get(0).name());
    }
}
