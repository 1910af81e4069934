package piapi.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches the config file's <b>directory</b>, not the file: editors that save by rename, delete and
 * re-create, and a Kubernetes ConfigMap's {@code ..data} symlink swap all replace the directory entry,
 * which a watch on the file itself would lose. Any event in the directory counts (the ConfigMap swap
 * never names the config file); the reloader's SHA-256 check makes unrelated events free.
 *
 * <p>Some changes raise no event in the directory: a file bind-mounted on its own (Docker's
 * {@code -v ./config.yaml:/etc/piapi/config.yaml}) is written through another mount, a hard link through
 * another directory, and network file systems drop events. So the watcher also compares the file's
 * stamp (file key, size, modification time, through symlinks) every {@code poll}, one stat call.
 *
 * <p>Changes are debounced: the reload runs once there has been no event and no stamp change for
 * {@code debounce}, or {@code maxDelay} after the first change if it never settles. If the watch fails (the directory is removed,
 * the watch service breaks), the watcher reports it, waits (doubling from {@code firstBackoff} to
 * {@code maxBackoff}), registers again and reloads once to catch what it missed.
 */
final class ConfigWatcher implements AutoCloseable {
    private final Path file;
    private final Path directory;
    private final Runnable reload;
    private final ReloadObserver observer;
    private final Clock clock;
    private final long debounceNanos;
    private final long maxDelayNanos;
    private final long pollNanos;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile WatchService service;
    private volatile boolean watching;
    private boolean registered; // since the last failure; only the watcher thread reads and writes it
    private volatile long restarts;
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    ConfigWatcher(Path file, Runnable reload, ReloadObserver observer, Clock clock,
                  Duration debounce, Duration maxDelay, Duration poll, Duration firstBackoff, Duration maxBackoff) {
        this.file = file;
        this.directory = directoryOf(file);
        this.reload = reload;
        this.observer = observer;
        this.clock = clock;
        this.debounceNanos = debounce.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.pollNanos = poll.toNanos();
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        // A platform thread: it blocks in the watch service for the process's whole life.
        this.thread = Thread.ofPlatform().name("piapi-config-watcher").daemon(true).unstarted(this::run);
    }

    static Path directoryOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : file.toAbsolutePath().getRoot();
    }

    void start() {
        thread.start();
    }

    WatcherStatus status() {
        return new WatcherStatus(watching, directory, restarts, lastError, lastErrorAt);
    }

    private boolean stopped() {
        return stop.getCount() == 0;
    }

    private void run() {
        long failures = 0;
        while (!stopped()) {
            try {
                watch();
                failures = 0; // watch() returns only when stopping
            } catch (ClosedWatchServiceException | InterruptedException e) {
                if (stopped()) return;
                failures = failed(failures, "the watch service closed unexpectedly");
            } catch (IOException | RuntimeException e) {
                if (stopped()) return;
                failures = failed(failures, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private long failed(long failures, String reason) {
        watching = false;
        if (registered) failures = 0; // it worked for a while: the backoff starts over
        registered = false;
        failures++;
        restarts++;
        lastError = reason;
        lastErrorAt = clock.instant();
        long factor = 1L << Math.min(failures - 1, 20);
        Duration wait = firstBackoff.multipliedBy(factor);
        if (wait.compareTo(maxBackoff) > 0) wait = maxBackoff;
        observer.watcherFailed(directory, reason, failures, wait);
        try {
            stop.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // only close() interrupts, after counting down stop: the loop sees it and ends
        }
        return failures;
    }

    private void watch() throws IOException, InterruptedException {
        try (WatchService ws = directory.getFileSystem().newWatchService()) {
            service = ws;
            if (stopped()) return;
            directory.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            watching = true;
            registered = true;
            observer.watching(directory, restarts);
            Stamp seen = Stamp.of(file);
            reload.run(); // changes made while nobody watched (since the start's load, or during a failure)
            while (!stopped()) {
                WatchKey key = ws.poll(pollNanos, TimeUnit.NANOSECONDS);
                boolean valid = key == null || drain(key);
                Stamp now = Stamp.of(file);
                if (key == null && now.equals(seen)) continue; // quiet: no event, the file as it was
                long first = System.nanoTime();
                while (valid) { // debounce: until neither an event nor a stamp change for one period, at most maxDelay in all
                    long left = Math.min(debounceNanos, maxDelayNanos - (System.nanoTime() - first));
                    if (left <= 0) break;
                    WatchKey more = ws.poll(left, TimeUnit.NANOSECONDS);
                    if (more != null) {
                        valid = drain(more);
                        continue;
                    }
                    Stamp later = Stamp.of(file);
                    if (later.equals(now)) break;
                    now = later;
                }
                if (stopped()) return;
                seen = Stamp.of(file); // before reading: a change after this is seen by the next poll
                reload.run(); // also when the key died: the file may be gone, which is worth reporting
                if (!valid) throw new IOException("the directory " + directory + " is gone or no longer accessible");
            }
        } finally {
            watching = false;
            service = null;
        }
    }

    /** What a stat call tells about the file (through symlinks); equal stamps mean "no change seen". */
    private record Stamp(Object fileKey, long size, FileTime modified) {
        static final Stamp ABSENT = new Stamp(null, -1, null);

        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.fileKey(), a.size(), a.lastModifiedTime());
            } catch (IOException e) {
                return ABSENT;
            }
        }
    }

    /** Consumes a key's events (any event counts, overflow included); false when the key is no longer valid. */
    private static boolean drain(WatchKey key) {
        key.pollEvents();
        return key.reset();
    }

    /** Stops watching and waits up to two seconds for the thread. */
    @Override
    public void close() {
        stop.countDown();
        WatchService ws = service;
        if (ws != null) {
            try {
                ws.close(); // wakes take()
            } catch (IOException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
