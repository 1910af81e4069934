package piapi.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import piapi.config.ConfigHolder;
import piapi.config.ConfigLoader;
import piapi.config.ParsedConfig;
import piapi.limits.Admission;
import piapi.limits.LimitName;
import piapi.limits.Limiter;
import piapi.observe.Metrics;

/**
 * A process appending through the real ledger is killed with SIGKILL while it writes: at most its last line is
 * torn, everything it reported as synced is on the disk, and a limiter rebuilt from the ledger after the
 * "restart" still holds the quota.
 */
@Tag("integration")
class LedgerKillTest {
    static final Instant TIME = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKilledWriterLosesAtMostItsLastLineAndItsQuotaHolds() throws Exception {
        try (LedgerFixture f = new LedgerFixture(TIME)) {
            Files.createDirectories(f.dir);
            long synced = runAndKill(f.dir);
            Path file = f.dir.resolve("2026-03-10.child.jsonl");
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8);
            boolean tornTail = bytes.length > 0 && bytes[bytes.length - 1] != '\n';
            String[] lines = text.split("\n", -1);
            BitSet seen = new BitSet();
            int unreadable = 0;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isEmpty()) continue;
                LedgerEntry e = LedgerLine.parse(lines[i]);
                if (e == null) {
                    unreadable++;
                    assertEquals(lines.length - 1, i, "only the last line may be torn");
                    continue;
                }
                seen.set(Integer.parseInt(e.requestId().substring(1)));
            }
            assertTrue(unreadable <= 1 && (unreadable == 0 || tornTail), "at most one torn line, at the end");
            for (int i = 0; i < synced; i++) assertTrue(seen.get(i), "entry c" + i + " was reported synced but is missing");
            long recorded = seen.cardinality();
            assertTrue(recorded >= synced);

            // the restart: a new ledger on the same directory, and a limiter rebuilt from it
            Ledger restarted = f.open("child");
            Limiter limiter = new Limiter(f.clock, restarted, new Metrics(), f.events);
            limiter.start(snapshot("tokensPerDay: " + synced * 10));
            Admission a = limiter.admit("alice", "claude-sonnet-4-5", false);
            var refusal = assertInstanceOf(Admission.Refused.class, a, "the quota holds after the restart").refusal();
            assertEquals(LimitName.TOKENS_PER_DAY, refusal.limit());
            assertEquals(recorded * 10, refusal.used(), "every recorded entry counts: 7 input + 3 output tokens each");
            assertEquals(recorded, limiter.status("alice").requestsToday());

            // and the restarted writer ends the torn line before appending, so the new entry reads back
            restarted.append(LedgerFixture.entry("after-restart", TIME, "alice", 1, 1, 1));
            LedgerFixture.flushOrFail(restarted);
            List<String> ids = new ArrayList<>();
            long skipped = restarted.read(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 10), ZoneId.of("UTC"), e -> ids.add(e.requestId()));
            assertEquals("after-restart", ids.get(ids.size() - 1));
            assertEquals(recorded + 1, ids.size());
            assertEquals(tornTail ? 1 : 0, skipped);
        }
    }

    /** Starts the child, waits until it has reported a few syncs of a few thousand entries, kills it; returns the last synced count. */
    private static long runAndKill(Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = codeSource(Ledger.class) + File.pathSeparator + codeSource(LedgerChild.class);
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", classPath, LedgerChild.class.getName(), dir.toString(), "child", TIME.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long synced = 0;
        int reports = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("synced ")) continue;
                synced = Long.parseLong(line.substring(7));
                if (++reports >= 3 && synced >= 5000) break;
            }
            assertNotNull(line, "the child ended before it had written enough");
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no final sync
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        return synced;
    }

    private static String codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static piapi.config.ConfigSnapshot snapshot(String limits) {
        String yaml = """
                providers:
                  - name: p
                    apiKeys: {k: sk-test-key}
                    services: [{type: claude_code, baseUrl: "http://127.0.0.1:9"}]
                limits:
                  default: {%s}
                users:
                  - name: alice
                    apiKey: key-alice-0001
                    services: {claude_code: {providerName: p, providerKeyName: k}}
                """.formatted(limits);
        var loaded = (ParsedConfig.Loaded) new ConfigLoader(Map.of()).parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml");
        return new ConfigHolder(java.time.Clock.systemUTC()).publish(loaded, null);
    }
}
