package piapi.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerFilesTest {
    @Test
    void namesCarryTheDayAndTheInstance() {
        assertEquals("2026-03-10.host-a-9200.jsonl", LedgerFiles.name(LocalDate.of(2026, 3, 10), "host-a-9200"));
        var f = LedgerFiles.parse(Path.of("/x/2026-03-10.host.example.com-9200.jsonl"));
        assertEquals(LocalDate.of(2026, 3, 10), f.day());
        assertEquals("host.example.com-9200", f.instance());
    }

    @Test
    void otherFilesAreNotLedgerFiles() {
        for (String name : new String[] {"2026-03-10.jsonl", "2026-13-10.a.jsonl", "notes.txt", "2026-03-10.a.json", ".a.lock",
                "2026-03-10-a.jsonl", "2026-03-10..jsonl"}) {
            assertNull(LedgerFiles.parse(Path.of(name)), name);
        }
    }

    @Test
    void theInstanceIsTheEnvironmentsOrHostAndPort() {
        assertEquals("replica-2", InstanceId.resolve(Map.of("PIAPI_INSTANCE", "replica-2"), 9200));
        assertEquals("web-7f9c-9200", InstanceId.resolve(Map.of("HOSTNAME", "web-7f9c"), 9200));
        assertEquals("a_b_c-9201", InstanceId.resolve(Map.of("HOSTNAME", "a/b c"), 9201), "only file-name-safe characters");
        assertEquals("web-1-9200", InstanceId.resolve(Map.of("PIAPI_INSTANCE", "../", "HOSTNAME", "web-1"), 9200),
                "a name that is only dots and slashes is not a name");
        String fromHost = InstanceId.resolve(Map.of(), 9300);
        assertTrue(fromHost.endsWith("-9300") && fromHost.length() > 5, fromHost);
        assertFalse(InstanceId.sanitize("x".repeat(200)).length() > 64);
    }
}
