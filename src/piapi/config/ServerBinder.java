package piapi.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/** Binds the optional {@code server} section; an absent section or key takes the default. */
final class ServerBinder {
    private static final Set<String> KEYS = Set.of("dataDir");

    private final Problems problems;

    ServerBinder(Problems problems) {
        this.problems = problems;
    }

    ServerSettings bind(MappingReader root) {
        MappingReader f = MappingReader.of(root.node("server"), "server", problems);
        f.warnUnknown(KEYS);
        String dir = f.string("dataDir");
        if (dir == null) return ServerSettings.DEFAULTS;
        try {
            if (dir.isEmpty()) throw new InvalidPathException(dir, "empty");
            return new ServerSettings(Path.of(dir));
        } catch (InvalidPathException e) {
            problems.error(f.node("dataDir"), f.path("dataDir"), "'" + dir + "' is not a directory path");
            return ServerSettings.DEFAULTS;
        }
    }
}
