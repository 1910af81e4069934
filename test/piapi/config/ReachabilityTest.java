package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static piapi.config.ConfigTestSupport.ALPHA_BETA;
import static piapi.config.ConfigTestSupport.load;

import org.junit.jupiter.api.Test;

/**
 * "No user can reach any service": no users, or no enabled candidate in any user's routes. One enabled
 * candidate anywhere, for anyone, is enough; health and names do not count.
 */
class ReachabilityTest {
    static final String ALL_DISABLED = "no user can reach any service: every candidate of every route is disabled; "
            + "every request will be refused with 503";

    static String lockout(String yaml) {
        return Reachability.lockout(assertInstanceOf(ParsedConfig.Loaded.class, load(yaml)).config());
    }

    static String users(String users) {
        return ALPHA_BETA + "users:\n" + users.indent(2);
    }

    @Test
    void noUsersLocksEveryoneOut() {
        assertEquals("no users are configured: every request will be refused with 401", lockout("providers: []\n"));
        assertEquals("no users are configured: every request will be refused with 401", lockout(ALPHA_BETA + "users: []\n"));
        assertEquals("no users are configured: every request will be refused with 401", lockout(""));
    }

    @Test
    void everyCandidateOfEveryUserDisabledLocksEveryoneOut() {
        assertEquals(ALL_DISABLED, lockout(users("""
                - name: a
                  apiKey: key-a
                  services:
                    codex: {candidates: [{providerName: alpha, providerKeyName: k1, enabled: false}]}
                    claude_code:
                      candidates:
                        - {providerName: alpha, providerKeyName: k2, enabled: false}
                        - {providerName: alpha, providerKeyName: k3, enabled: false}
                - name: b
                  apiKey: key-b
                  services:
                    other: {candidates: [{providerName: beta, providerKeyName: k1, enabled: false}]}
                """)));
    }

    @Test
    void oneEnabledCandidateForOneUserIsEnough() {
        assertNull(lockout(users("""
                - name: a
                  apiKey: key-a
                  services:
                    codex: {candidates: [{providerName: alpha, providerKeyName: k1, enabled: false}]}
                - name: b
                  apiKey: key-b
                  services:
                    codex:
                      candidates:
                        - {providerName: alpha, providerKeyName: k1, enabled: false}
                        - {providerName: alpha, providerKeyName: k2}
                """)), "b reaches codex through k2, although a reaches nothing");
    }

    @Test
    void aLegacyRouteIsAlwaysEnabled() {
        assertNull(lockout(users("""
                - name: a
                  apiKey: key-a
                  services:
                    codex: {providerName: alpha, providerKeyName: k1}
                """)));
    }

    @Test
    void aUserWithoutANameStillReachesItsServices() {
        assertNull(lockout(users("""
                - name: ""
                  apiKey: key-a
                  services:
                    codex: {candidates: [{providerName: alpha, providerKeyName: k1}]}
                """)));
    }

    @Test
    void theLockoutIsAWarningSoStartingOnItIsAllowed() {
        ParsedConfig result = load(users("""
                - name: a
                  apiKey: key-a
                  services:
                    codex: {candidates: [{providerName: alpha, providerKeyName: k1, enabled: false}]}
                """));
        ParsedConfig.Loaded loaded = assertInstanceOf(ParsedConfig.Loaded.class, result);
        assertEquals("config.yaml:14:3: warning: users: " + ALL_DISABLED, loaded.problems().get(0).toString());
    }
}
