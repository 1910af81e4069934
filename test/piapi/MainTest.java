package piapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        int status = Main.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
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
                + bad + ":7:46: warning: users[0].services.codex.providerKeyNmae: unknown key, ignored (did you mean 'providerKeyName'?)\n"
                + bad + ": INVALID (2 errors, 1 warning)\n",
                r.out(), "problems and summary on one stream, in order");
        assertEquals("", r.err());
    }

    @Test
    void checkConfigCountsInTheSingularAndIncludesTheEnvironment() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "providers: []\nusers: 3\n");
        Run one = run("--check-config", "--config", bad.toString());
        assertEquals(1, one.status());
        assertTrue(one.out().endsWith(bad + ": INVALID (1 error)\n"), one.out());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--check-config", "--config", "config.yaml.example"},
                Map.of("PIAPI_ADMIN_TOKEN", "short", "PIAPI_LOG_CAPACITY", "lots"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, status, "a start would refuse these");
        assertEquals("environment: PIAPI_ADMIN_TOKEN: is 5 characters; an admin token needs at least 16 (make a good one with: openssl rand -hex 24)\n"
                + "environment: PIAPI_LOG_CAPACITY: 'lots' must be a whole number from 1 to 100000\n"
                + "config.yaml.example: INVALID (2 errors)\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingConfigFileIsOneClearLine() {
        Run r = run("--check-config", "--config", dir.resolve("absent.yaml").toString());
        assertEquals(1, r.status());
        assertEquals(dir.resolve("absent.yaml") + ": file not found\n" + dir.resolve("absent.yaml") + ": INVALID (1 error)\n", r.out());
    }

    @Test
    void aShortAdminTokenRefusesTheStartInOneLineThatSaysHowToMakeOne() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--config", "config.yaml.example", "--listen", "127.0.0.1:0"},
                Map.of("PIAPI_ADMIN_TOKEN", "hunter2"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        assertEquals("piapi: cannot start: environment: PIAPI_ADMIN_TOKEN: is 7 characters; an admin token needs at least 16 "
                + "(make a good one with: openssl rand -hex 24)\n", err.toString(StandardCharsets.UTF_8));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("hunter2"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
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
