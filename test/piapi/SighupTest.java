package piapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piapi.support.Await;

/**
 * SIGHUP reloads the config in a real piapi process (signals belong to the process, so this cannot run
 * inside the test JVM): the handler is installed, a hangup triggers a reload instead of the JVM's default
 * of shutting down, and the process keeps serving.
 */
class SighupTest {
    @TempDir
    Path dir;

    @Test
    void aHangupReloadsTheConfigAndThePiapiProcessKeepsRunning() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "POSIX signals");
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")), "a kill command");
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                providers:
                  - name: p
                    apiKeys: { main: sk-sighup-secret-0001 }
                    services: [{ type: codex, baseUrl: "http://127.0.0.1:1/v1" }]
                users:
                  - name: alice
                    apiKey: piapi-sighup-user-0001
                    services: { codex: { providerName: p, providerKeyName: main } }
                """);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Where piapi's classes come from (build/piapi.jar under make test): the launcher's class loader, not java.class.path.
        String classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process piapi = new ProcessBuilder(javaBin, "-cp", classes, "piapi.Main",
                "--config", config.toString(), "--listen", "127.0.0.1:0").redirectErrorStream(false).start();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> collect(piapi.getInputStream(), out));
        Thread.ofVirtual().start(() -> collect(piapi.getErrorStream(), err));
        try {
            Await.until("piapi to start", Duration.ofSeconds(30), () -> has(out, "\"event\":\"started\"") || !piapi.isAlive());
            assertTrue(piapi.isAlive(), "piapi exited: " + err);
            assertFalse(err.stream().anyMatch(l -> l.contains("SIGHUP will not reload")), err.toString());

            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(piapi.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            Await.until("the SIGHUP reload", Duration.ofSeconds(10),
                    () -> has(out, "\"trigger\":\"sighup\"") || !piapi.isAlive());
            assertTrue(piapi.isAlive(), "a hangup must not stop piapi: " + out + err);
            String line = out.stream().filter(l -> l.contains("\"trigger\":\"sighup\"")).findFirst().orElseThrow();
            assertTrue(line.contains("\"event\":\"config_unchanged\""), line); // same file: nothing new, no new generation
        } finally {
            piapi.destroy();
            if (!piapi.waitFor(10, TimeUnit.SECONDS)) piapi.destroyForcibly();
        }
    }

    static boolean has(List<String> lines, String fragment) {
        return lines.stream().anyMatch(l -> l.contains(fragment));
    }

    static void collect(java.io.InputStream in, List<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) lines.add(line);
        } catch (java.io.IOException e) {
            // the process ended
        }
    }
}
