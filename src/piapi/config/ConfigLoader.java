package piapi.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import piapi.yaml.YamlException;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlParser;

/** Reads, parses, binds and validates a config file (or bytes, for the admin API) in one go. */
public final class ConfigLoader {
    /** Far above any real team's config; stops a wrong path (a log file, a binary) from being slurped. */
    public static final int MAX_BYTES = 4 << 20;

    private final Map<String, String> env;

    /** @param env the environment {@code ${VAR}} references are resolved from */
    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public ParsedConfig load(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) return invalid(null, name, "file is larger than " + (MAX_BYTES >> 20) + " MiB");
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return invalid(null, name, "file not found");
        } catch (IOException e) {
            return invalid(null, name, "cannot read: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return parse(bytes, name);
    }

    /** Validates bytes as a config; {@code name} is what problems are prefixed with. */
    public ParsedConfig parse(byte[] bytes, String name) {
        String sha256 = HexFormat.of().formatHex(Secret.newSha256().digest(bytes));
        if (bytes.length > MAX_BYTES) return invalid(sha256, name, "config is larger than " + (MAX_BYTES >> 20) + " MiB");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return invalid(sha256, name, "file is not valid UTF-8");
        }
        YamlNode root;
        try {
            root = YamlParser.parse(text);
        } catch (YamlException e) {
            return new ParsedConfig.Invalid(sha256, List.of(new Problem(Problem.Severity.ERROR, name, e.position(), "", e.problem())));
        }
        ConfigBinder.Result bound = ConfigBinder.bind(root, name, env);
        return bound.ok() ? new ParsedConfig.Loaded(bound.config(), sha256, bound.problems())
                : new ParsedConfig.Invalid(sha256, bound.problems());
    }

    private static ParsedConfig invalid(String sha256, String name, String message) {
        return new ParsedConfig.Invalid(sha256, List.of(new Problem(Problem.Severity.ERROR, name, null, "", message)));
    }
}
