package piapi.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressTest {
    static final CidrSet PROXIES = NetworkListTest.set("10.0.0.0/8", "fd00::/8");

    static String resolve(String peer, String... forwardedFor) {
        return ClientAddress.resolve(IpAddress.parse(peer), List.of(forwardedFor), PROXIES).toString();
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsNeverRead() {
        assertEquals("10.1.1.1", ClientAddress.resolve(IpAddress.parse("10.1.1.1"), List.of("203.0.113.5"), CidrSet.EMPTY).toString());
    }

    @Test
    void anUntrustedPeerCannotChooseItsAddress() {
        assertEquals("198.51.100.1", resolve("198.51.100.1", "10.1.1.1"));
        assertEquals("198.51.100.1", resolve("198.51.100.1", "203.0.113.5"));
    }

    @Test
    void aTrustedPeerWithoutTheHeaderIsTheClient() {
        assertEquals("10.1.1.1", ClientAddress.resolve(IpAddress.parse("10.1.1.1"), List.of(), PROXIES).toString());
        assertEquals("10.1.1.1", ClientAddress.resolve(IpAddress.parse("10.1.1.1"), null, PROXIES).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // the proxy appended what it saw
            "10.0.0.2 | 203.0.113.5 | 203.0.113.5",
            // the client forged an entry on the left: the right-most untrusted one is what the proxy saw
            "10.0.0.2 | 1.1.1.1, 203.0.113.5 | 203.0.113.5",
            // two trusted proxies in a row are skipped
            "10.0.0.2 | 203.0.113.5, 10.0.0.3 | 203.0.113.5",
            "10.0.0.2 | 1.1.1.1, 203.0.113.5, 10.0.0.7, 10.0.0.3 | 203.0.113.5",
            // the client forged a trusted address: still only what the proxy appended counts
            "10.0.0.2 | 10.0.0.99, 203.0.113.5 | 203.0.113.5",
            // every entry trusted: the left-most one
            "10.0.0.2 | 10.0.0.4, 10.0.0.3 | 10.0.0.4",
            // garbage handed over by a trusted hop: that hop is the client
            "10.0.0.2 | unknown, 10.0.0.3 | 10.0.0.3",
            "10.0.0.2 | 203.0.113.5, garbage | 10.0.0.2",
            "10.0.0.2 | 203.0.113.5,, 10.0.0.3 | 10.0.0.3",
            "10.0.0.2 | ' ' | 10.0.0.2",
            // ports and brackets, blanks around entries
            "10.0.0.2 | 203.0.113.5:5123 | 203.0.113.5",
            "10.0.0.2 | [2001:db8::1]:443 | 2001:db8::1",
            "10.0.0.2 | [2001:db8::1] | 2001:db8::1",
            "10.0.0.2 | 2001:db8::1 | 2001:db8::1",
            "10.0.0.2 | '  203.0.113.5  ,   10.0.0.3 ' | 203.0.113.5",
            "10.0.0.2 | 203.0.113.5:99999999 | 10.0.0.2",
            "10.0.0.2 | [2001:db8::1 | 10.0.0.2",
            "10.0.0.2 | [2001:db8::1]x | 10.0.0.2",
            // IPv6 proxies and the mapped form of an IPv4 peer
            "fd00::2 | 203.0.113.5 | 203.0.113.5",
            "::ffff:10.0.0.2 | 2001:db8::9 | 2001:db8::9",
            "fd00::2 | ::ffff:203.0.113.5 | 203.0.113.5",
    })
    void theRightMostUntrustedEntryIsTheClient(String peer, String header, String client) {
        assertEquals(client, resolve(peer, header));
    }

    @Test
    void severalHeaderLinesAreOneListInOrder() {
        assertEquals("203.0.113.5", resolve("10.0.0.2", "1.1.1.1", "203.0.113.5", "10.0.0.3"));
        assertEquals("203.0.113.5", resolve("10.0.0.2", "1.1.1.1, 203.0.113.5", "10.0.0.3, 10.0.0.4"));
        assertEquals("10.0.0.5", resolve("10.0.0.2", "10.0.0.5", "10.0.0.3, 10.0.0.4"));
    }

    @Test
    void aHugeForgedChainCostsBoundedWork() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) parts.add("10.0." + (i / 250) + "." + (i % 250));
        String header = "203.0.113.5, " + String.join(", ", parts);
        // only the last MAX_HOPS entries are looked at: the walk stops on a trusted hop instead of reaching the left end
        String expected = parts.get(parts.size() - ClientAddress.MAX_HOPS);
        assertEquals(expected, resolve("10.0.0.2", header));
    }

    @Test
    void socketPeersAreAcceptedDirectly() throws Exception {
        assertEquals("203.0.113.5", ClientAddress.resolve(InetAddress.getByName("10.0.0.2"), List.of("203.0.113.5"), PROXIES).toString());
        assertEquals("127.0.0.1", ClientAddress.resolve(InetAddress.getLoopbackAddress(), List.of("203.0.113.5"), PROXIES).toString());
    }
}
