package piapi.config;

import java.nio.file.Path;

/**
 * The optional {@code server} section: where piapi keeps its durable data.
 *
 * @param dataDir the data directory as written (relative to the config file's directory), or null for the
 *                default {@code piapi-data/} beside the config file; {@code --data-dir} overrides it. Read
 *                once at start: a change takes effect at the next restart.
 */
public record ServerSettings(Path dataDir) {
    public static final ServerSettings DEFAULTS = new ServerSettings(null);
}
