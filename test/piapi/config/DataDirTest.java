package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where durable data goes: the flag, else {@code server.dataDir} beside the config, else piapi-data/ beside it. */
class DataDirTest {
    @TempDir
    Path dir;

    static ServerSettings server(String yaml) {
        ParsedConfig r = new ConfigLoader(Map.of()).parse((ShutdownSettingsTest.BASE + yaml).getBytes(StandardCharsets.UTF_8), "config.yaml");
        return assertInstanceOf(ParsedConfig.Loaded.class, r, r.problems()::toString).config().settings().server();
    }

    @Test
    void defaultsToPiapiDataBesideTheConfigFile() {
        DataDir d = DataDir.resolve(null, server(""), dir.resolve("config.yaml"));
        assertEquals(dir.resolve("piapi-data"), d.path());
        assertTrue(d.writable(), d::problem);
        assertTrue(Files.isDirectory(d.path()));
    }

    @Test
    void aRelativeServerDataDirIsResolvedAgainstTheConfigFilesDirectory() {
        DataDir d = DataDir.resolve(null, server("server:\n  dataDir: state/piapi\n"), dir.resolve("config.yaml"));
        assertEquals(dir.resolve("state/piapi"), d.path());
    }

    @Test
    void theFlagWinsOverTheConfig() {
        Path flag = dir.resolve("from-flag");
        DataDir d = DataDir.resolve(flag, server("server: { dataDir: ignored }\n"), dir.resolve("config.yaml"));
        assertEquals(flag, d.path());
        assertFalse(Files.exists(dir.resolve("ignored")));
    }

    @Test
    void anUnwritableDirectorySaysWhyAndRefusesSubdirectories() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        DataDir d = DataDir.resolve(file.resolve("sub"), ServerSettings.DEFAULTS, dir.resolve("config.yaml"));
        assertFalse(d.writable());
        assertTrue(d.problem().startsWith("cannot write to " + file.resolve("sub")), d.problem());
        assertThrows(IOException.class, () -> d.subdirectory("usage"));
    }

    @Test
    void subdirectoriesAreCreatedOnDemand() throws IOException {
        DataDir d = DataDir.resolve(dir.resolve("data"), ServerSettings.DEFAULTS, null);
        assertEquals(dir.resolve("data/usage"), d.subdirectory("usage"));
        assertTrue(Files.isDirectory(dir.resolve("data/usage")));
    }

    @Test
    void anUnknownServerKeyIsAWarning() {
        ParsedConfig r = new ConfigLoader(Map.of()).parse((ShutdownSettingsTest.BASE + "server:\n  dataDri: x\n").getBytes(StandardCharsets.UTF_8),
                "config.yaml");
        assertEquals("config.yaml:8:3: warning: server.dataDri: unknown key, ignored (did you mean 'dataDir'?)", r.problems().get(0).toString());
        assertNull(((ParsedConfig.Loaded) r).config().settings().server().dataDir());
    }
}
