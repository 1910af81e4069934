package piapi.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpAddressTest {
    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, 0.0.0.0",
            "192.0.2.7, 192.0.2.7",
            "255.255.255.255, 255.255.255.255",
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:db8::1, 2001:db8::1",
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
            "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
            "1:0:3:4:5:6:7:8, 1:0:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
            "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
            "fe80::1:2, fe80::1:2",
            "::ffff:192.0.2.7, 192.0.2.7",
            "::FFFF:c000:0207, 192.0.2.7",
            "0:0:0:0:0:ffff:192.0.2.7, 192.0.2.7",
            "64:ff9b::192.0.2.7, 64:ff9b::c000:207",
            "::192.0.2.7, ::c000:207",
    })
    void parsesLiteralsAndPrintsTheirCanonicalForm(String text, String canonical) {
        IpAddress a = IpAddress.parse(text);
        assertEquals(canonical, String.valueOf(a));
        assertEquals(a, IpAddress.parse(canonical), "the printed form parses back to the same address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01.2.3.4",
            "1.2.3.04", "1..2.3", "1.2.3.4 ", "1.2.3.", ".1.2.3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:", ":::", "1:::2", "1::2::3", "12345::", "g::1", "::1%eth0", "fe80::1%1", "[::1]", "::ffff:1.2.3",
            "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "unknown", "1.2.3.4:80",
            "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.2555"})
    void refusesAnythingButALiteral(String text) {
        assertNull(IpAddress.parse(text), text);
    }

    @Test
    void parsesARegionWithoutCopying() {
        assertEquals(IpAddress.parse("10.1.2.3"), IpAddress.parse("for=10.1.2.3;x", 4, 12));
    }

    @Test
    void socketPeersMapIpv4IntoTheMappedRange() throws Exception {
        IpAddress v4 = IpAddress.of(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}));
        assertTrue(v4.isIpv4());
        assertEquals("10.1.2.3", v4.toString());
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 10;
        mapped[13] = 1;
        mapped[14] = 2;
        mapped[15] = 3;
        // the JDK turns a mapped address into an Inet4Address; both forms are the same address here
        assertEquals(v4, IpAddress.of(InetAddress.getByAddress(mapped)));
        IpAddress v6 = IpAddress.of(InetAddress.getByName("2001:db8::1"));
        assertFalse(v6.isIpv4());
        assertEquals(IpAddress.parse("2001:db8::1"), v6);
        assertEquals(IpAddress.UNSPECIFIED, IpAddress.of(null));
    }
}
