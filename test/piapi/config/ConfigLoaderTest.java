package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piapi.yaml.Position;

/** Reading and decoding before the binder: files, bytes, encodings, syntax errors, the digest. */
class ConfigLoaderTest {
    private static final String VALID = GoExampleConfigTest.EXAMPLE;
    private final ConfigLoader loader = new ConfigLoader(Map.of());

    @TempDir
    Path dir;

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<String> shown(ParsedConfig result) {
        return result.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void invalidUtf8IsOneProblemWithoutAPosition() throws Exception {
        byte[] bytes = {'u', 's', 'e', 'r', 's', ':', ' ', (byte) 0xC3, '(', '\n'};
        ParsedConfig.Invalid result = assertInstanceOf(ParsedConfig.Invalid.class, loader.parse(bytes, "config.yaml"));
        assertEquals(List.of("config.yaml: file is not valid UTF-8"), shown(result));
        assertEquals(sha256(bytes), result.sha256());
        assertEquals(List.of("config.yaml: file is not valid UTF-8"),
                shown(loader.parse(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "config.yaml")), "an encoded surrogate");
    }

    @Test
    void aYamlSyntaxErrorIsOnePositionedProblem() {
        ParsedConfig result = loader.parse("providers:\n  - name: 'p\n    apiKeys: {k: v}\n".getBytes(StandardCharsets.UTF_8), "config.yaml");
        assertInstanceOf(ParsedConfig.Invalid.class, result);
        assertEquals(List.of("config.yaml:2:11: unterminated single-quoted scalar; close the quote on the same line"), shown(result));
        Problem p = result.problems().get(0);
        assertEquals(new Problem(Problem.Severity.ERROR, "config.yaml", new Position(2, 11), "",
                "unterminated single-quoted scalar; close the quote on the same line"), p);
    }

    @Test
    void aMissingFileIsReportedByItsPath() {
        Path missing = dir.resolve("nope.yaml");
        ParsedConfig.Invalid result = assertInstanceOf(ParsedConfig.Invalid.class, loader.load(missing));
        assertEquals(List.of(missing + ": file not found"), shown(result));
        assertNull(result.sha256());
    }

    @Test
    void aDirectoryCannotBeRead() {
        ParsedConfig result = loader.load(dir);
        assertInstanceOf(ParsedConfig.Invalid.class, result);
        assertTrue(shown(result).get(0).startsWith(dir + ": cannot read: "), shown(result)::toString);
    }

    @Test
    void aFileIsLoadedWithItsPathAsTheProblemPrefixAndItsDigest() throws Exception {
        Path file = dir.resolve("config.yaml");
        byte[] bytes = (VALID + "bogus: 1\n").getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        ParsedConfig.Loaded result = assertInstanceOf(ParsedConfig.Loaded.class, loader.load(file));
        assertEquals(List.of(file + ":51:1: warning: bogus: unknown key, ignored"), shown(result));
        assertEquals(sha256(bytes), result.sha256());
        assertEquals(3, result.config().users().size());
    }

    @Test
    void theDigestOfTheBytesIsReportedForLoadedAndInvalidConfigs() throws Exception {
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] invalid = VALID.replace("mode: query", "mode: Query").getBytes(StandardCharsets.UTF_8);
        ParsedConfig.Loaded loaded = assertInstanceOf(ParsedConfig.Loaded.class, loader.parse(valid, "config.yaml"));
        ParsedConfig.Invalid rejected = assertInstanceOf(ParsedConfig.Invalid.class, loader.parse(invalid, "config.yaml"));
        assertEquals(sha256(valid), loaded.sha256());
        assertEquals(sha256(invalid), rejected.sha256());
        assertNotEquals(loaded.sha256(), rejected.sha256());
        ParsedConfig.Invalid syntax = assertInstanceOf(ParsedConfig.Invalid.class, loader.parse("a: [".getBytes(StandardCharsets.UTF_8), "c"));
        assertEquals(sha256("a: [".getBytes(StandardCharsets.UTF_8)), syntax.sha256());
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndsAreAccepted() {
        byte[] bytes = ("\uFEFF" + VALID.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(ParsedConfig.Loaded.class, loader.parse(bytes, "config.yaml"));
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() throws IOException {
        byte[] big = new byte[ConfigLoader.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) '#');
        assertEquals(List.of("config.yaml: config is larger than 4 MiB"), shown(loader.parse(big, "config.yaml")));
        Path file = Files.write(dir.resolve("big.yaml"), big);
        assertEquals(List.of(file + ": file is larger than 4 MiB"), shown(loader.load(file)));
    }

    @Test
    void theEnvironmentIsCopiedWhenTheLoaderIsMade() {
        Map<String, String> env = new HashMap<>(Map.of("KEY", "sk-first"));
        ConfigLoader copied = new ConfigLoader(env);
        env.put("KEY", "sk-changed");
        String yaml = VALID.replace("sk-alpha-xxx", "\"${KEY}\"");
        ParsedConfig.Loaded result = assertInstanceOf(ParsedConfig.Loaded.class, copied.parse(yaml.getBytes(StandardCharsets.UTF_8), "c"));
        assertEquals("sk-first", result.config().provider("provider-alpha").apiKeys().get("main-key").reveal());
    }

    @Test
    void problemsPrintLikeCompilerMessages() {
        assertEquals("f.yaml:3:7: users[0].apiKey: apiKey is required",
                new Problem(Problem.Severity.ERROR, "f.yaml", new Position(3, 7), "users[0].apiKey", "apiKey is required").toString());
        assertEquals("f.yaml:1:1: warning: x: unknown key, ignored",
                new Problem(Problem.Severity.WARNING, "f.yaml", new Position(1, 1), "x", "unknown key, ignored").toString());
        assertEquals("f.yaml: file not found", new Problem(Problem.Severity.ERROR, "f.yaml", null, "", "file not found").toString());
        assertEquals("f.yaml:2:3: bad", new Problem(Problem.Severity.ERROR, "f.yaml", new Position(2, 3), null, "bad").toString());
        assertTrue(new Problem(Problem.Severity.ERROR, "f", null, "", "m").isError());
        assertEquals(false, new Problem(Problem.Severity.WARNING, "f", null, "", "m").isError());
    }
}
