package piapi;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a {@link Gateway} is built from; tests build several in one JVM with their own values.
 *
 * @param configPath the config file (watched for changes by later features)
 * @param listen     where to listen; port 0 picks a free port
 * @param env        environment for {@code ${VAR}} references and PIAPI_* settings
 * @param logOut     where JSON log lines go (stdout in production)
 * @param clock      wall clock for timestamps and cooldowns
 */
public record GatewayOptions(Path configPath, InetSocketAddress listen, Map<String, String> env, OutputStream logOut, Clock clock) {
    public GatewayOptions {
        env = Map.copyOf(env);
    }
}
