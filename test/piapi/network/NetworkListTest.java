package piapi.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NetworkListTest {
    static CidrSet set(String... ranges) {
        return new CidrSet(Arrays.stream(ranges).map(CidrTest::cidr).toList());
    }

    static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }

    @Test
    void noListsLetEveryonePass() {
        assertTrue(NetworkList.OPEN.isOpen());
        assertNull(NetworkList.OPEN.check(ip("203.0.113.1")));
        assertNull(NetworkList.OPEN.check(ip("2001:db8::1")));
    }

    @Test
    void anEmptyAllowListAllowsAllButTheDenied() {
        NetworkList list = new NetworkList(CidrSet.EMPTY, set("10.9.9.9/32"));
        assertFalse(list.isOpen());
        assertNull(list.check(ip("10.9.9.8")));
        assertNull(list.check(ip("2001:db8::1")));
        assertEquals(NetworkList.Denial.DENIED, list.check(ip("10.9.9.9")));
        assertEquals(NetworkList.Denial.DENIED, list.check(ip("::ffff:10.9.9.9")), "the mapped form is the same client");
    }

    @Test
    void anAllowListRefusesEveryoneOutsideIt() {
        NetworkList list = new NetworkList(set("10.0.0.0/8", "fd00::/8"), CidrSet.EMPTY);
        assertTrue(list.permits(ip("10.1.1.1")));
        assertTrue(list.permits(ip("fd00::1")));
        assertEquals(NetworkList.Denial.NOT_ALLOWED, list.check(ip("192.168.1.1")));
        assertEquals(NetworkList.Denial.NOT_ALLOWED, list.check(ip("2001:db8::1")));
    }

    @Test
    void denyWinsOverAllow() {
        NetworkList list = new NetworkList(set("10.0.0.0/8"), set("10.9.9.9"));
        assertTrue(list.permits(ip("10.9.9.8")));
        assertEquals(NetworkList.Denial.DENIED, list.check(ip("10.9.9.9")));
        NetworkList same = new NetworkList(set("10.9.9.9"), set("10.9.9.9"));
        assertEquals(NetworkList.Denial.DENIED, same.check(ip("10.9.9.9")));
    }

    @Test
    void deniedAndNotAllowedAreToldApart() {
        NetworkList list = new NetworkList(set("10.0.0.0/8"), set("192.168.0.0/16"));
        assertEquals("denied", list.check(ip("192.168.3.3")).label());
        assertEquals("not_allowed", list.check(ip("172.16.0.1")).label());
    }
}
