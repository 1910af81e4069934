package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.config.ConfigTestSupport.ALPHA;
import static piapi.config.ConfigTestSupport.NO_USERS;
import static piapi.config.ConfigTestSupport.assertLoads;
import static piapi.config.ConfigTestSupport.assertProblems;

import org.junit.jupiter.api.Test;
import piapi.network.IpAddress;
import piapi.network.NetworkList;

/** {@code network:}, {@code users[].network} and {@code server.trustedProxies}. */
class ConfigBinderNetworkTest {
    static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @Test
    void noListsMeanOpen() {
        GatewayConfig c = assertLoads("providers: []\n", NO_USERS);
        assertSame(NetworkList.OPEN, c.settings().network());
        assertTrue(c.settings().server().trustedProxies().isEmpty());
        assertSame(NetworkList.OPEN, assertLoads("network: {allow: [], deny: []}\n", NO_USERS).settings().network());
    }

    @Test
    void globalListsAreCompiled() {
        NetworkList n = assertLoads("""
                network:
                  allow: [10.0.0.0/8, "fd00::/8"]
                  deny:
                    - 10.9.9.9/32
                    - 192.0.2.7
                """, NO_USERS).settings().network();
        assertTrue(n.permits(ip("10.1.1.1")));
        assertTrue(n.permits(ip("fd00::1")));
        assertEquals(NetworkList.Denial.DENIED, n.check(ip("10.9.9.9")));
        assertEquals(NetworkList.Denial.DENIED, n.check(ip("192.0.2.7")), "denied (and not allowed either)");
        assertEquals(NetworkList.Denial.NOT_ALLOWED, n.check(ip("192.168.1.1")));
        assertEquals("[10.0.0.0/8, fd00::/8]", n.allow().toString());
    }

    @Test
    void aUsersListsAreTheirOwn() {
        GatewayConfig c = assertLoads(ALPHA + """
                users:
                  - name: alice
                    apiKey: key-a
                    services: {codex: {providerName: alpha, providerKeyName: k1}}
                    network: { allow: [192.168.1.0/24] }
                """);
        assertTrue(c.users().get(0).network().permits(ip("192.168.1.5")));
        assertEquals(NetworkList.Denial.NOT_ALLOWED, c.users().get(0).network().check(ip("192.168.2.5")));
        ResolvedUser alice = ConfigBinderLimitsTest.resolved(c, "alice");
        assertSame(c.users().get(0).network(), alice.network());
    }

    @Test
    void trustedProxies() {
        var proxies = assertLoads("server:\n  trustedProxies: [10.0.0.0/8, \"::1\"]\n", NO_USERS).settings().server().trustedProxies();
        assertTrue(proxies.contains(ip("10.2.3.4")));
        assertTrue(proxies.contains(ip("::1")));
        assertEquals(2, proxies.ranges().size());
    }

    @Test
    void everyBadRangeIsAPositionedError() {
        assertProblems("""
                server:
                  trustedProxies: 10.0.0.0/8
                network:
                  allow: [10.0.0.0/33, example.com]
                  deny:
                    - {a: 1}
                    - 300.1.1.1
                  denny: []
                """,
                "config.yaml:2:19: server.trustedProxies: must be a list of address ranges, e.g. [10.0.0.0/8, \"fd00::/8\"]",
                "config.yaml:4:11: network.allow[0]: '10.0.0.0/33': the prefix length after '/' must be a whole number from 0 to 32",
                "config.yaml:4:24: network.allow[1]: 'example.com' is not an IP address or range; write e.g. 10.0.0.0/8, 192.0.2.7 or fd00::/8",
                "config.yaml:6:7: network.deny[0]: must be an address range such as 10.0.0.0/8, not a mapping",
                "config.yaml:7:7: network.deny[1]: '300.1.1.1' is not an IP address or range; write e.g. 10.0.0.0/8, 192.0.2.7 or fd00::/8",
                "config.yaml:8:3: warning: network.denny: unknown key, ignored (did you mean 'deny'?)");
    }

    @Test
    void hostBitsPastThePrefixAreAWarningThatSaysWhatItMeans() {
        NetworkList n = assertLoads("network:\n  allow: [10.1.2.3/8, \"2001:db8::1/32\"]\n", NO_USERS,
                "config.yaml:2:11: warning: network.allow[0]: '10.1.2.3/8' has bits set past its prefix length: it means 10.0.0.0/8",
                "config.yaml:2:23: warning: network.allow[1]: '2001:db8::1/32' has bits set past its prefix length: it means 2001:db8::/32")
                .settings().network();
        assertTrue(n.permits(ip("10.200.0.1")));
    }

    @Test
    void theGoConfigStillLoadsWithTheNewKeysAbsent() {
        // the sections are optional: the Go schema alone gives open lists, no proxies, no limits
        Settings s = assertLoads("providers: []\n", NO_USERS).settings();
        assertEquals(Settings.DEFAULTS, s);
    }
}
