package piapi.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where piapi keeps durable data (usage ledger, config history): {@code --data-dir}, else the config's
 * {@code server.dataDir} (relative to the config file's directory), else {@code piapi-data/} beside the
 * config file. Resolved once at start. When the directory cannot be created or written, {@link #problem()}
 * says why, and features keep their data in memory only and say so.
 */
public final class DataDir {
    private final Path path;
    private final String problem;

    private DataDir(Path path, String problem) {
        this.path = path;
        this.problem = problem;
    }

    /** Resolves and probes the directory (creating it when needed). */
    public static DataDir resolve(Path flag, ServerSettings settings, Path configFile) {
        Path base = configFile == null ? Path.of("") : configFile.toAbsolutePath().getParent();
        Path dir = flag != null ? flag.toAbsolutePath()
                : settings.dataDir() != null ? base.resolve(settings.dataDir())
                : base.resolve("piapi-data");
        return new DataDir(dir.normalize(), probe(dir.normalize()));
    }

    /** A data dir that is known not to be usable (tests, or no disk wanted). */
    public static DataDir unavailable(Path path, String problem) {
        return new DataDir(path, problem);
    }

    private static String probe(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".probe-", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return "cannot write to " + dir + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
    }

    public Path path() {
        return path;
    }

    /** Whether the directory could be created and written at start. */
    public boolean writable() {
        return problem == null;
    }

    /** Why the directory is not writable, or null when it is. */
    public String problem() {
        return problem;
    }

    /** A subdirectory ({@code usage}, {@code config-history}), created when needed. */
    public Path subdirectory(String name) throws IOException {
        if (problem != null) throw new IOException(problem);
        return Files.createDirectories(path.resolve(name));
    }
}
