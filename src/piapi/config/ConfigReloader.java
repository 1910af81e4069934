package piapi.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reloads the config file into the {@link ConfigHolder}: on demand ({@link #reloadNow}, from the admin
 * API, SIGHUP or a test) and, once {@link #startWatching} is called, whenever its directory changes.
 *
 * <p>A reload reads the file through any symlinks, skips it when its SHA-256 equals the live config's,
 * refuses an empty file (what an in-place writer leaves for an instant), parses and validates it fully,
 * and only then publishes it as one new snapshot. Whatever fails, the previous config keeps serving.
 * Reloads are serialised by one lock, which {@link ConfigUpdates} also holds across write + reload.
 */
public final class ConfigReloader implements AutoCloseable {
    private final Path file;
    private final ConfigLoader loader;
    private final ConfigHolder holder;
    private final ReloadObserver observer;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicReference<ReloadReport> last = new AtomicReference<>();
    /** Stands for "the file did not exist" in {@link #lastFailedSha}. */
    private static final String ABSENT = "absent";

    /** SHA-256 of the last file that failed, so the watcher reports a broken file once, not on every event. */
    private String lastFailedSha;
    private volatile ConfigWatcher watcher;

    public ConfigReloader(Path file, ConfigLoader loader, ConfigHolder holder, ReloadObserver observer, Clock clock) {
        this.file = file;
        this.loader = loader;
        this.holder = holder;
        this.observer = observer;
        this.clock = clock;
    }

    /**
     * Starts the directory watcher with production timings: 100 ms debounce, at most 1 s delay, a stat of
     * the file every second (for changes that raise no event), 1-30 s restart backoff.
     */
    public void startWatching() {
        startWatching(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** Starts the directory watcher on its own platform thread; {@code firstBackoff} doubles per failure up to {@code maxBackoff}. */
    public void startWatching(Duration debounce, Duration maxDelay, Duration poll, Duration firstBackoff, Duration maxBackoff) {
        ConfigWatcher w = new ConfigWatcher(file, () -> reloadNow(ReloadTrigger.WATCH), observer, clock,
                debounce, maxDelay, poll, firstBackoff, maxBackoff);
        if (watcher != null) throw new IllegalStateException("the config watcher is already running");
        watcher = w;
        w.start();
    }

    /** The file this reloader reads. */
    public Path file() {
        return file;
    }

    /** Reloads now, as a direct call. */
    public ReloadReport reloadNow() {
        return reloadNow(ReloadTrigger.MANUAL);
    }

    /** Reloads now, refusing a config that locks everyone out; returns what happened. */
    public ReloadReport reloadNow(ReloadTrigger trigger) {
        return reloadNow(trigger, false);
    }

    /**
     * Reloads now; returns what happened. Never throws: every failure is a {@link ReloadReport.Failed}. A valid
     * config with which no user can reach any service ({@link Reachability}) is refused unless {@code force}:
     * only an admin asking for it explicitly may apply one (the watcher and SIGHUP never force).
     */
    public ReloadReport reloadNow(ReloadTrigger trigger, boolean force) {
        lock.lock();
        try {
            ReloadReport outcome = attempt(trigger, force);
            // An unrelated event in the directory is no reload attempt worth showing as the last one.
            if (!isQuiet(outcome)) last.set(outcome);
            observer.reloaded(outcome);
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    /** A watcher-triggered attempt that found nothing new: not logged, counted or shown as the last reload. */
    public static boolean isQuiet(ReloadReport outcome) {
        return outcome.trigger() == ReloadTrigger.WATCH && outcome instanceof ReloadReport.Unchanged;
    }

    private ReloadReport attempt(ReloadTrigger trigger, boolean force) {
        ConfigSnapshot active = holder.current();
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > ConfigLoader.MAX_BYTES) {
                return failed(trigger, active, null, problem(name, "file is larger than " + (ConfigLoader.MAX_BYTES >> 20) + " MiB"));
            }
            bytes = Files.readAllBytes(file); // follows symlinks: a ConfigMap's ..data swap is read through
        } catch (NoSuchFileException e) {
            if (trigger == ReloadTrigger.WATCH && ABSENT.equals(lastFailedSha)) return unchanged(trigger, active); // reported once
            return failed(trigger, active, ABSENT, problem(name, "file not found; the previous config stays active"));
        } catch (IOException e) {
            return failed(trigger, active, null, problem(name, "cannot read: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        String sha = sha256(bytes);
        if (active != null && sha.equals(active.sha256())) return unchanged(trigger, active);
        if (trigger == ReloadTrigger.WATCH && sha.equals(lastFailedSha)) {
            return unchanged(trigger, active); // already reported; an unrelated event in the directory
        }
        if (isBlank(bytes)) {
            return failed(trigger, active, sha, problem(name, "file is empty; the previous config stays active (a write may be in progress)"));
        }
        ParsedConfig result = loader.parse(bytes, name);
        if (result instanceof ParsedConfig.Invalid invalid) return failed(trigger, active, sha, invalid.problems());
        ParsedConfig.Loaded loaded = (ParsedConfig.Loaded) result;
        String lockout = force ? null : Reachability.lockout(loaded.config());
        if (lockout != null) {
            lastFailedSha = sha;
            return new ReloadReport.Failed(trigger, clock.instant(), active, sha, List.of(refusal(name, loaded, lockout)),
                    ReloadReport.Failed.NO_REACHABLE_SERVICE);
        }
        ConfigSnapshot next;
        try {
            next = holder.publish(loaded, file);
        } catch (RuntimeException e) { // a runtime-state listener refused it; the holder has put the previous config back
            return failed(trigger, holder.current(), sha, problem(name, "refused while being applied: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "; the previous config stays active"));
        }
        lastFailedSha = null;
        return new ReloadReport.Applied(trigger, clock.instant(), next, active == null ? null : active.sha256());
    }

    /** The lockout warning, where the config has it, as the error that refused the reload, saying how to force it. */
    private static Problem refusal(String file, ParsedConfig.Loaded loaded, String lockout) {
        piapi.yaml.Position at = null;
        for (Problem p : loaded.problems()) if (p.message().equals(lockout)) at = p.position();
        return new Problem(Problem.Severity.ERROR, file, at, "users", lockout + "; refused, the previous config keeps serving "
                + "(to apply it anyway: POST /piadmin/api/reload?force=true)");
    }

    private ReloadReport unchanged(ReloadTrigger trigger, ConfigSnapshot active) {
        return new ReloadReport.Unchanged(trigger, clock.instant(), active);
    }

    private ReloadReport failed(ReloadTrigger trigger, ConfigSnapshot active, String sha, Problem problem) {
        return failed(trigger, active, sha, List.of(problem));
    }

    private ReloadReport failed(ReloadTrigger trigger, ConfigSnapshot active, String sha, List<Problem> problems) {
        lastFailedSha = sha;
        return new ReloadReport.Failed(trigger, clock.instant(), active, ABSENT.equals(sha) ? null : sha, problems,
                ReloadReport.Failed.INVALID);
    }

    static Problem problem(String file, String message) {
        return new Problem(Problem.Severity.ERROR, file, null, "", message);
    }

    /** Empty, or only whitespace: no operator means that, but a truncating writer leaves it for an instant. */
    static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        return true;
    }

    static String sha256(byte[] bytes) {
        return ConfigFile.sha256(bytes);
    }

    /** The last reload attempt (watch-triggered no-ops aside), or null before the first. */
    public ReloadReport lastOutcome() {
        return last.get();
    }

    /** The watcher's state; {@code watching} is false before {@link #startWatching} and after a failure. */
    public WatcherStatus watcherStatus() {
        ConfigWatcher w = watcher;
        return w == null ? new WatcherStatus(false, ConfigWatcher.directoryOf(file), 0, null, null) : w.status();
    }

    /** Held by {@link ConfigUpdates} across write, reload and rollback, so no other reload interleaves. */
    ReentrantLock lock() {
        return lock;
    }

    Instant now() {
        return clock.instant();
    }

    /** Stops the watcher (waiting briefly for its thread); reloadNow keeps working. */
    @Override
    public void close() {
        ConfigWatcher w = watcher;
        if (w != null) w.close();
    }
}
