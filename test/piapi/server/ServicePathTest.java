package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServicePathTest {
    @Test
    void splitsServiceTypeAndRawRest() {
        assertEquals(new ServicePath("codex", "v1/responses"), ServicePath.parse("/piapi/codex/v1/responses"));
        assertEquals(new ServicePath("codex", ""), ServicePath.parse("/piapi/codex"));
        assertEquals(new ServicePath("codex", ""), ServicePath.parse("/piapi/codex/"));
        assertEquals(new ServicePath("codex", "/x"), ServicePath.parse("/piapi/codex//x"));
        assertEquals(new ServicePath("", ""), ServicePath.parse("/piapi/"));
        assertEquals(new ServicePath("", ""), ServicePath.parse("/piapi"));
        assertEquals(new ServicePath("codex", "a%2Fb"), ServicePath.parse("/piapi/codex/a%2Fb"));
    }

    @Test
    void findsDotSegmentsInEverySpelling() {
        for (String bad : new String[] {"..", ".", "../x", "a/..", "a/../b", "a/./b", "%2e%2e/x", "%2E./x", ".%2e", "a/%2e",
                "a%2F..%2Fb", "a%2f..", "a\\..\\b", "a%5C..%5cb", "a//../b"}) {
            assertTrue(ServicePath.hasDotSegment(bad), bad);
        }
        for (String ok : new String[] {"", "v1/chat", "...", "a/.../b", ".well-known/x", "a..b", "file.txt", "%2e%2e%2e", "a/.x",
                "v1/", "%2", "a%2"}) {
            assertFalse(ServicePath.hasDotSegment(ok), ok);
        }
    }
}
