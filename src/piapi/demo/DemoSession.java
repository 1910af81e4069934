package piapi.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import piapi.admin.AdminToken;

/**
 * Everything {@code piapi --demo} runs besides the gateway: the two demo providers on loopback ports,
 * the demo config written where the gateway loads it from, a fresh admin token and the data dir.
 * {@code Main} starts the gateway with {@link #configFile()}, {@link #env} and {@link #dataDir()},
 * prints {@link #banner}, and closes this session when the gateway has stopped.
 */
public final class DemoSession implements AutoCloseable {
    private final DemoProvider steady;
    private final DemoProvider flaky;
    private final DemoConfig config;
    private final Path configFile;
    private final Path dataDir;
    private final String adminToken;

    private DemoSession(DemoProvider steady, DemoProvider flaky, DemoConfig config, Path configFile, Path dataDir, String adminToken) {
        this.steady = steady;
        this.flaky = flaky;
        this.config = config;
        this.configFile = configFile;
        this.dataDir = dataDir;
        this.adminToken = adminToken;
    }

    /** {@code --demo --config FILE} names a file that exists: the demo never overwrites one. */
    public static final class ConfigExists extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigExists(Path file) {
            super(file + " already exists; the demo writes its config only to a new file (choose another name or remove it)",
                    null, false, false);
        }
    }

    /**
     * Starts the providers and writes the config.
     *
     * @param configOut where to write the config ({@code --config FILE}), or null for a fresh temp dir
     * @param dataDir   {@code --data-dir}, or null for a fresh temp dir
     * @param pacing    how fast the providers answer
     * @throws ConfigExists when {@code configOut} exists
     */
    public static DemoSession start(Path configOut, Path dataDir, Pacing pacing) throws ConfigExists, IOException {
        if (configOut != null && Files.exists(configOut)) throw new ConfigExists(configOut);
        Path temp = configOut == null || dataDir == null ? Files.createTempDirectory("piapi-demo-") : null;
        DemoProvider steady = DemoProvider.start(pacing, false);
        DemoProvider flaky = null;
        try {
            flaky = DemoProvider.start(pacing, true);
            DemoConfig config = DemoConfig.generate(steady.baseUrl(), flaky.baseUrl());
            Path file = configOut != null ? configOut : temp.resolve("config.yaml");
            try {
                Files.writeString(file, config.yaml(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw new ConfigExists(file); // created since the check above
            }
            byte[] token = new byte[16];
            new SecureRandom().nextBytes(token);
            return new DemoSession(steady, flaky, config, file, dataDir != null ? dataDir : temp,
                    HexFormat.of().formatHex(token));
        } catch (ConfigExists | IOException | RuntimeException e) {
            steady.close();
            if (flaky != null) flaky.close();
            throw e;
        }
    }

    public Path configFile() {
        return configFile;
    }

    public Path dataDir() {
        return dataDir;
    }

    public DemoConfig config() {
        return config;
    }

    /** The admin token of this session: 32 hex digits. */
    public String adminToken() {
        return adminToken;
    }

    public DemoProvider steady() {
        return steady;
    }

    public DemoProvider flaky() {
        return flaky;
    }

    /** The gateway's environment: {@code base} with this session's admin token. */
    public Map<String, String> env(Map<String, String> base) {
        Map<String, String> env = new HashMap<>(base);
        env.put(AdminToken.VARIABLE, adminToken); // the admin API is on in demo mode, with this session's token
        return env;
    }

    /** The start banner for a gateway listening on {@code listen} (null or a wildcard: all interfaces) and {@code port}. */
    public String banner(InetAddress listen, int port) {
        return DemoBanner.text(config, new DemoBanner.Where(DemoBanner.gatewayUrl(listen, port), configFile.toAbsolutePath(),
                dataDir.toAbsolutePath(), adminToken));
    }

    /** Stops both providers (after the gateway has stopped). */
    @Override
    public void close() {
        steady.close();
        flaky.close();
    }

    @Override
    public String toString() {
        return "DemoSession[" + configFile + "]";
    }
}
