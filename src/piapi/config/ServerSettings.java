package piapi.config;

import java.nio.file.Path;
import piapi.network.CidrSet;

/**
 * The optional {@code server} section: where piapi keeps its durable data, and which proxies it believes.
 *
 * @param dataDir        the data directory as written (relative to the config file's directory), or null for the
 *                       default {@code piapi-data/} beside the config file; {@code --data-dir} overrides it. Read
 *                       once at start: a change takes effect at the next restart.
 * @param trustedProxies peers whose {@code X-Forwarded-For} is believed (see {@code piapi.network.ClientAddress});
 *                       empty (the default) means the socket's peer is always the client
 */
public record ServerSettings(Path dataDir, CidrSet trustedProxies) {
    public static final ServerSettings DEFAULTS = new ServerSettings(null, CidrSet.EMPTY);

    public ServerSettings(Path dataDir) {
        this(dataDir, CidrSet.EMPTY);
    }
}
