package piapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's exit statuses and what it prints, without starting a server. */
class MainTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkConfigPassesOnTheShippedExample() {
        Run r = run("--check-config", "--config", "config.yaml.example");
        assertEquals(0, r.status(), r.err());
        assertEquals("config.yaml.example: OK (2 providers, 3 users)\n", r.out());
    }

    @Test
    void checkConfigPrintsEveryProblemAndFails() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                providers:
                  - name: p
                    apiKeys: {}
                users:
                  - name: a
                    apiKey: k1
                    services: { codex: { providerName: nope, providerKeyNmae: x } }
                """);
        Run r = run("--check-config", "--config", bad.toString());
        assertEquals(1, r.status());
        assertEquals(bad + ":3:14: providers[0].apiKeys: apiKeys must not be empty (provider 'p')\n"
                + bad + ":7:40: users[0].services.codex.providerName: provider 'nope' not defined\n"
                + bad + ":7:46: warning: users[0].services.codex.providerKeyNmae: unknown key, ignored (did you mean 'providerKeyName'?)\n",
                r.err());
        assertTrue(r.out().endsWith("INVALID (2 errors)\n"), r.out());
    }

    @Test
    void missingConfigFileIsOneClearLine() {
        Run r = run("--check-config", "--config", dir.resolve("absent.yaml").toString());
        assertEquals(1, r.status());
        assertEquals(dir.resolve("absent.yaml") + ": file not found\n", r.err());
    }

    @Test
    void badFlagsExitWithStatus2() {
        Run r = run("--bogus");
        assertEquals(2, r.status());
        assertEquals("piapi: unknown flag '--bogus' (see --help)\n", r.err());
    }

    @Test
    void helpAndVersion() {
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: piapi"), help.out());
        Run version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("piapi "), version.out());
    }
}
