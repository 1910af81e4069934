package piapi.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import piapi.config.ConfigFile;
import piapi.config.DataDir;
import piapi.observe.Events;

/**
 * The last {@value #KEEP} versions of the config file that piapi loaded, wrote, or saw fail to load, so
 * the admin page can show who changed what and put an earlier version back. Each version is two files
 * under {@code <data dir>/config-history/}: {@code <id>.yaml} (the file's bytes, keys included, as the
 * config itself holds them; mode 0600) and {@code <id>.json} (who, when, SHA-256, what changed), each
 * written atomically, the metadata last, so a crash leaves a version whole or absent. When the data dir
 * cannot be written, versions are kept in memory (at most {@value #MEMORY_BUDGET} bytes of content) and
 * are gone after a restart.
 */
public final class ConfigHistory {
    static final int KEEP = 50;
    static final long MEMORY_BUDGET = 8L << 20;

    /**
     * One version. {@code loaded} is false for a file that failed to load (kept so an edit that broke
     * the config is not lost). {@code note} says what an admin edit meant ("create user bob"), or null.
     */
    public record Version(long id, Instant time, String who, String trigger, String sha256, boolean loaded, int size,
                          List<String> changes, String note) {
        public Version {
            changes = List.copyOf(changes);
        }
    }

    private final Path dir;
    private final Clock clock;
    private final Events events;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Version> versions = new ArrayDeque<>(); // oldest first; guarded by lock
    private final Map<Long, byte[]> memory = new HashMap<>(); // content when there is no directory; guarded by lock
    private final Map<String, String> notes = new ConcurrentHashMap<>();
    private long nextId = 1; // guarded by lock

    private ConfigHistory(Path dir, Clock clock, Events events) {
        this.dir = dir;
        this.clock = clock;
        this.events = events;
    }

    /** The history under {@code <data dir>/config-history/}, with what an earlier run kept; in memory when unwritable. */
    public static ConfigHistory open(DataDir dataDir, Clock clock, Events events) {
        if (!dataDir.writable()) return new ConfigHistory(null, clock, events);
        try {
            ConfigHistory h = new ConfigHistory(dataDir.subdirectory("config-history"), clock, events);
            h.load();
            return h;
        } catch (IOException e) {
            events.warn("config_history_unavailable", "problem", e.toString(), "effect", "config versions are kept in memory only");
            return new ConfigHistory(null, clock, events);
        }
    }

    /** Whether versions survive a restart. */
    public boolean durable() {
        return dir != null;
    }

    /** The directory versions are kept in, or null when in memory. */
    public Path directory() {
        return dir;
    }

    /** Tells the history what the next version with this SHA-256 means, e.g. "create user bob". */
    void expectNote(String sha256, String note) {
        if (notes.size() > 100) notes.clear(); // notes of writes that never happened must not pile up
        notes.put(sha256, note);
    }

    /**
     * Keeps {@code content} as the newest version unless it is the newest already. Never throws: a
     * history that cannot be written is reported, and the config change it describes goes ahead.
     */
    public void keep(byte[] content, String who, String trigger, boolean loaded) {
        String sha = ConfigFile.sha256(content);
        lock.lock();
        try {
            Version latest = versions.peekLast();
            if (latest != null && latest.sha256().equals(sha) && latest.loaded() == loaded) return;
            byte[] previous = latest == null ? null : contentLocked(latest);
            Version v = new Version(nextId, clock.instant(), who, trigger, sha, loaded, content.length,
                    ConfigChanges.between(previous, content), notes.remove(sha));
            if (dir != null) {
                AtomicFiles.write(dir.resolve(fileName(v.id(), "yaml")), content);
                AtomicFiles.write(dir.resolve(fileName(v.id(), "json")), VersionJson.write(v).getBytes(StandardCharsets.UTF_8));
            } else {
                memory.put(v.id(), content);
            }
            nextId++;
            versions.addLast(v);
            prune();
        } catch (IOException | RuntimeException e) {
            events.warn("config_history_failed", "sha256", sha, "problem", e.toString());
        } finally {
            lock.unlock();
        }
    }

    /** Newest first. */
    public List<Version> list() {
        lock.lock();
        try {
            List<Version> out = new ArrayList<>(versions);
            java.util.Collections.reverse(out);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The version with this id, or null when it is not (or no longer) kept. */
    public Version version(long id) {
        lock.lock();
        try {
            for (Version v : versions) if (v.id() == id) return v;
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** The version's bytes as kept, or null when gone or damaged (checked against its SHA-256). */
    public byte[] content(Version v) {
        lock.lock();
        try {
            return contentLocked(v);
        } finally {
            lock.unlock();
        }
    }

    private byte[] contentLocked(Version v) {
        if (dir == null) return memory.get(v.id());
        try {
            byte[] bytes = Files.readAllBytes(dir.resolve(fileName(v.id(), "yaml")));
            return ConfigFile.sha256(bytes).equals(v.sha256()) ? bytes : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void prune() throws IOException {
        while (versions.size() > KEEP) drop(versions.removeFirst());
        if (dir != null) return;
        long total = 0;
        for (byte[] b : memory.values()) total += b.length;
        while (total > MEMORY_BUDGET && versions.size() > 1) {
            Version oldest = versions.removeFirst();
            byte[] b = memory.remove(oldest.id());
            total -= b == null ? 0 : b.length;
        }
    }

    private void drop(Version v) throws IOException {
        if (dir == null) {
            memory.remove(v.id());
            return;
        }
        Files.deleteIfExists(dir.resolve(fileName(v.id(), "json"))); // the metadata first: without it the version is gone
        Files.deleteIfExists(dir.resolve(fileName(v.id(), "yaml")));
    }

    /** Reads the versions an earlier run kept; a half-written one (content without metadata) is removed. */
    private void load() throws IOException {
        List<Version> found = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    Files.deleteIfExists(p); // a write cut short
                } else if (name.endsWith(".json")) {
                    Version v = read(p);
                    if (v != null && Files.exists(dir.resolve(fileName(v.id(), "yaml")))) found.add(v);
                } else if (name.endsWith(".yaml") && !Files.exists(dir.resolve(name.replace(".yaml", ".json")))) {
                    Files.deleteIfExists(p);
                }
            }
        }
        found.sort(java.util.Comparator.comparingLong(Version::id));
        for (Version v : found) {
            versions.addLast(v);
            nextId = Math.max(nextId, v.id() + 1);
        }
        prune();
    }

    private Version read(Path json) {
        try {
            return VersionJson.read(Files.readString(json, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | piapi.http.JsonException | RuntimeException e) {
            events.warn("config_history_damaged", "file", json.toString(), "problem", e.toString());
            return null;
        }
    }

    static String fileName(long id, String extension) {
        return String.format(java.util.Locale.ROOT, "%010d.%s", id, extension);
    }
}
