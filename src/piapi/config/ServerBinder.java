package piapi.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import piapi.network.CidrSet;

/** Binds the optional {@code server} section; an absent section or key takes the default. */
final class ServerBinder {
    private static final Set<String> KEYS = Set.of("dataDir", "trustedProxies");

    private final Problems problems;

    ServerBinder(Problems problems) {
        this.problems = problems;
    }

    ServerSettings bind(MappingReader root) {
        MappingReader f = MappingReader.of(root.node("server"), "server", problems);
        f.warnUnknown(KEYS);
        CidrSet proxies = new NetworkBinder(problems).ranges(f.node("trustedProxies"), f.path("trustedProxies"));
        return new ServerSettings(dataDir(f), proxies);
    }

    private Path dataDir(MappingReader f) {
        String dir = f.string("dataDir");
        if (dir == null) return null;
        try {
            if (dir.isEmpty()) throw new InvalidPathException(dir, "empty");
            return Path.of(dir);
        } catch (InvalidPathException e) {
            problems.error(f.node("dataDir"), f.path("dataDir"), "'" + dir + "' is not a directory path");
            return null;
        }
    }
}
