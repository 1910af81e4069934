package piapi;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import piapi.observe.LogFormat;
import piapi.observe.LogLevel;

/**
 * Everything a {@link Gateway} is built from; tests build several in one JVM with their own values.
 *
 * @param configPath the config file (watched for changes by later features)
 * @param listen     where to listen; port 0 picks a free port
 * @param env        environment for {@code ${VAR}} references and PIAPI_* settings
 * @param logOut     where JSON log lines go (stdout in production)
 * @param clock      wall clock for timestamps and cooldowns
 * @param logLevel   lines below this level are not written (nor formatted)
 * @param logFormat  JSON lines, or readable text for a terminal
 * @param dataDir    {@code --data-dir}, or null to take the config's {@code server.dataDir} (default: piapi-data beside the config)
 * @param synchronousLog write each log line on the thread that logs it, before the call returns (tests, whose
 *                       {@code logOut} is in memory); false for the bounded queue a real stdout needs
 */
public record GatewayOptions(Path configPath, InetSocketAddress listen, Map<String, String> env, OutputStream logOut, Clock clock,
                             LogLevel logLevel, LogFormat logFormat, Path dataDir, boolean synchronousLog) {
    public GatewayOptions {
        env = Map.copyOf(env);
    }

    /** Logging through the bounded queue. */
    public GatewayOptions(Path configPath, InetSocketAddress listen, Map<String, String> env, OutputStream logOut, Clock clock,
                          LogLevel logLevel, LogFormat logFormat, Path dataDir) {
        this(configPath, listen, env, logOut, clock, logLevel, logFormat, dataDir, false);
    }

    /** The same options with log lines written on the logging thread ({@link #synchronousLog}). */
    public GatewayOptions withSynchronousLog() {
        return new GatewayOptions(configPath, listen, env, logOut, clock, logLevel, logFormat, dataDir, true);
    }

    /** The data dir from the config. */
    public GatewayOptions(Path configPath, InetSocketAddress listen, Map<String, String> env, OutputStream logOut, Clock clock,
                          LogLevel logLevel, LogFormat logFormat) {
        this(configPath, listen, env, logOut, clock, logLevel, logFormat, null);
    }

    /** Logging at level info, as JSON lines. */
    public GatewayOptions(Path configPath, InetSocketAddress listen, Map<String, String> env, OutputStream logOut, Clock clock) {
        this(configPath, listen, env, logOut, clock, LogLevel.INFO, LogFormat.JSON, null);
    }
}
