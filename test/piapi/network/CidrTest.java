package piapi.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
    static Cidr cidr(String text) {
        return assertInstanceOf(Cidr.Parsed.Valid.class, Cidr.parse(text), text).cidr();
    }

    static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.0.0.0, true",
            "10.0.0.0/8, 10.255.255.255, true",
            "10.0.0.0/8, 11.0.0.0, false",
            "10.0.0.0/8, 9.255.255.255, false",
            "10.0.0.0/8, ::ffff:10.9.9.9, true",
            "192.168.1.0/24, 192.168.1.77, true",
            "192.168.1.0/24, 192.168.2.1, false",
            "192.0.2.7, 192.0.2.7, true",
            "192.0.2.7, 192.0.2.8, false",
            "192.0.2.7/32, 192.0.2.7, true",
            "0.0.0.0/0, 203.0.113.9, true",
            "0.0.0.0/0, 2001:db8::1, false",
            "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8::/64, 2001:db8::ffff:ffff:ffff:ffff, true",
            "2001:db8::/64, 2001:db8:0:1::, false",
            "2001:db8::/65, 2001:db8::7fff:0:0:1, true",
            "2001:db8::/65, 2001:db8::8000:0:0:1, false",
            "::1, ::1, true",
            "::1/128, ::2, false",
            "::/0, 2001:db8::1, true",
            "::/0, 10.1.2.3, true",
            "::ffff:0:0/96, 10.1.2.3, true",
            "::ffff:10.0.0.0/104, 10.200.0.1, true",
            "::ffff:10.0.0.0/104, 11.0.0.1, false",
    })
    void matchesExactlyTheRange(String range, String address, boolean inside) {
        assertEquals(inside, cidr(range).contains(ip(address)), range + " contains " + address);
        assertEquals(inside, new CidrSet(List.of(cidr(range))).contains(ip(address)), "compiled: " + range + " contains " + address);
    }

    @Test
    void hostBitsAreClearedAndReported() {
        var parsed = assertInstanceOf(Cidr.Parsed.Valid.class, Cidr.parse("10.1.2.3/8"));
        assertTrue(parsed.hostBitsSet());
        assertEquals(ip("10.0.0.0"), parsed.cidr().base());
        assertTrue(parsed.cidr().contains(ip("10.200.0.0")));
        assertFalse(assertInstanceOf(Cidr.Parsed.Valid.class, Cidr.parse("10.0.0.0/8")).hostBitsSet());
        assertTrue(assertInstanceOf(Cidr.Parsed.Valid.class, Cidr.parse("fd00::1/8")).hostBitsSet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0.0/08x", "::/129", "::/1000",
            "example.com/8", "/8", "10.0.0/8", "", "10.0.0.0 /8"})
    void refusesWhatIsNotARange(String text) {
        var invalid = assertInstanceOf(Cidr.Parsed.Invalid.class, Cidr.parse(text), text);
        assertTrue(invalid.reason().contains("'" + text + "'"), invalid.reason());
    }

    @Test
    void anEmptySetContainsNothing() {
        assertFalse(CidrSet.EMPTY.contains(ip("10.0.0.1")));
        assertTrue(CidrSet.EMPTY.isEmpty());
    }

    @Test
    void aSetMatchesAnyOfItsRanges() {
        CidrSet set = new CidrSet(List.of(cidr("10.0.0.0/8"), cidr("fd00::/8"), cidr("192.0.2.7")));
        assertTrue(set.contains(ip("10.3.3.3")));
        assertTrue(set.contains(ip("fd00::5")));
        assertTrue(set.contains(ip("192.0.2.7")));
        assertFalse(set.contains(ip("192.0.2.8")));
        assertFalse(set.contains(ip("2001:db8::1")));
        assertEquals("[10.0.0.0/8, fd00::/8, 192.0.2.7]", set.toString());
    }
}
