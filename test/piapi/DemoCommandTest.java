package piapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piapi.demo.DemoSession;
import piapi.demo.Pacing;

/** {@code piapi --demo --config FILE}: the file it writes is a valid config, and an existing file is never overwritten. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theWrittenConfigPassesCheckConfig() throws Exception {
        Path file = dir.resolve("team.yaml");
        try (DemoSession demo = DemoSession.start(file, dir.resolve("data"), Pacing.NONE)) {
            assertEquals(file, demo.configFile());
            assertTrue(Files.readString(file).contains("baseUrl: " + demo.steady().baseUrl() + "\n"));
            assertTrue(Files.readString(file).contains("\npricing:\n  claude-sonnet-4-5: { input: 3, output: 15,"), "the prices are written too");
        }
        MainTest.Run check = MainTest.run("--check-config", "--config", file.toString());
        assertEquals(0, check.status(), check.err());
        assertEquals("", check.err(), "no warnings either");
        assertEquals(file + ": OK (2 providers, 3 users)\n", check.out());
    }

    @Test
    void anExistingFileIsRefusedInOneLineWithStatus2() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "# mine\n");
        MainTest.Run r = MainTest.run("--demo", "--config", file.toString(), "--listen", "127.0.0.1:0");
        assertEquals(2, r.status());
        assertEquals("piapi: " + file + " already exists; the demo writes its config only to a new file"
                + " (choose another name or remove it)\n", r.err());
        assertEquals("", r.out());
        assertEquals("# mine\n", Files.readString(file), "untouched");
        assertThrows(DemoSession.ConfigExists.class, () -> DemoSession.start(file, dir, Pacing.NONE));
    }

    @Test
    void aSecondDemoOnTheSameFileIsRefused() throws Exception {
        Path file = dir.resolve("demo.yaml");
        try (DemoSession first = DemoSession.start(file, dir.resolve("data"), Pacing.NONE)) {
            String written = Files.readString(file);
            assertThrows(DemoSession.ConfigExists.class, () -> DemoSession.start(file, dir.resolve("data"), Pacing.NONE));
            assertEquals(written, Files.readString(file));
            assertTrue(first.adminToken().matches("[0-9a-f]{32}"));
            assertEquals(first.adminToken(), first.env(java.util.Map.of("HOME", "/h")).get("PIAPI_ADMIN_TOKEN"));
        }
    }

    @Test
    void demoAndCheckConfigDoNotMix() {
        MainTest.Run r = MainTest.run("--demo", "--check-config");
        assertEquals(2, r.status());
        assertEquals("piapi: --demo and --check-config cannot be combined (check the demo's config after it is written)\n", r.err());
    }
}
