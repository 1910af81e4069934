package piapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FlagsTest {
    @Test
    void defaultsAreConfigYamlAndPort9200OnAllInterfaces() throws Exception {
        Flags f = Flags.parse();
        assertEquals(Path.of("config.yaml"), f.config());
        assertEquals(9200, f.listen().getPort());
        assertTrue(f.listen().getAddress().isAnyLocalAddress());
    }

    @Test
    void acceptsBothSpellingsAndTheGoSingleDash() throws Exception {
        assertEquals(Path.of("a.yaml"), Flags.parse("--config", "a.yaml").config());
        assertEquals(Path.of("b.yaml"), Flags.parse("--config=b.yaml").config());
        assertEquals(Path.of("c.yaml"), Flags.parse("-config", "c.yaml").config());
        assertEquals(8080, Flags.parse("-listen=:8080").listen().getPort());
        assertTrue(Flags.parse("--check-config").checkConfig());
        assertTrue(Flags.parse("-version").version());
        assertTrue(Flags.parse("-h").help());
    }

    @Test
    void dataDirIsUnsetByDefaultAndTakesAPath() throws Exception {
        assertEquals(null, Flags.parse().dataDir());
        assertEquals(Path.of("/var/lib/piapi"), Flags.parse("--data-dir", "/var/lib/piapi").dataDir());
        assertEquals(Path.of("d"), Flags.parse("--data-dir=d").dataDir());
        assertInvalid("--data-dir needs a value (see --help)", "--data-dir");
    }

    @Test
    void logLevelAndFormat() throws Exception {
        assertEquals(piapi.observe.LogLevel.INFO, Flags.parse().logLevel());
        assertEquals(piapi.observe.LogFormat.JSON, Flags.parse().logFormat());
        assertEquals(piapi.observe.LogLevel.DEBUG, Flags.parse("--log-level", "debug").logLevel());
        assertEquals(piapi.observe.LogLevel.WARN, Flags.parse("--log-level=WARNING").logLevel());
        assertEquals(piapi.observe.LogLevel.ERROR, Flags.parse("-log-level", "error").logLevel());
        assertEquals(piapi.observe.LogFormat.TEXT, Flags.parse("--log-format", "text").logFormat());
        assertInvalid("--log-level 'loud' must be debug, info, warn or error", "--log-level", "loud");
        assertInvalid("--log-format 'xml' must be json or text", "--log-format=xml");
        assertInvalid("--log-format needs a value (see --help)", "--log-format");
    }

    @Test
    void demoListensOnLoopbackAndLogsTextUnlessToldOtherwise() throws Exception {
        Flags plain = Flags.parse();
        assertEquals(false, plain.demo());
        assertEquals(false, plain.configGiven());
        Flags demo = Flags.parse("--demo");
        assertTrue(demo.demo());
        assertEquals("127.0.0.1", demo.listen().getHostString());
        assertEquals(9200, demo.listen().getPort());
        assertEquals(piapi.observe.LogFormat.TEXT, demo.logFormat());
        assertEquals(false, demo.configGiven());
        Flags told = Flags.parse("-demo", "--listen", ":9300", "--log-format", "json", "--config", "demo.yaml");
        assertTrue(told.listen().getAddress().isAnyLocalAddress());
        assertEquals(9300, told.listen().getPort());
        assertEquals(piapi.observe.LogFormat.JSON, told.logFormat());
        assertTrue(told.configGiven());
        assertEquals(Path.of("demo.yaml"), told.config());
        assertInvalid("--demo takes no value", "--demo=yes");
        assertTrue(Flags.USAGE.contains("--demo "), Flags.USAGE);
    }

    @Test
    void listenForms() throws Exception {
        assertEquals("127.0.0.1", Flags.parse("--listen", "127.0.0.1:0").listen().getHostString());
        assertEquals(0, Flags.parse("--listen", "127.0.0.1:0").listen().getPort());
        assertTrue(Flags.parse("--listen", "[::1]:9300").listen().getAddress().isLoopbackAddress());
    }

    @Test
    void badCommandLinesSayWhatIsWrongInOneLine() {
        assertInvalid("unknown flag '--port' (see --help)", "--port", "1");
        assertInvalid("--config needs a value (see --help)", "--config");
        assertInvalid("unexpected argument 'serve' (flags start with --; see --help)", "serve");
        assertInvalid("--listen '9200' must be [HOST]:PORT, e.g. :9200 or 127.0.0.1:9200", "--listen", "9200");
        assertInvalid("--listen ':http': port must be a number from 0 to 65535", "--listen", ":http");
        assertInvalid("--listen ':70000': port must be a number from 0 to 65535", "--listen", ":70000");
        assertInvalid("--listen '::1:80': write an IPv6 host in brackets, e.g. [::1]:9200", "--listen", "::1:80");
        assertInvalid("--version takes no value", "--version=yes");
        assertInvalid("--config must not be empty", "--config=");
    }

    private static void assertInvalid(String message, String... args) {
        assertEquals(message, assertThrows(Flags.Invalid.class, () -> Flags.parse(args)).getMessage());
    }
}
