package piapi.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import piapi.observe.Events;

/**
 * The usage ledger: every proxied request as one JSON line in {@code <data dir>/usage/<day>.<instance>.jsonl}.
 *
 * <p>{@link #append} never waits for the disk: it puts the entry on a bounded queue that one writer thread
 * drains, syncing at least every second and at shutdown. When the queue is full, or a write fails, the entry is
 * held in memory (bounded), counted and logged, and written once the disk catches up; only when memory is full
 * too is an entry lost, and that is counted and logged as an error. Without a writable data dir the ledger keeps
 * the newest entries in memory only, and says so.
 *
 * <p>{@link #read} streams every instance's files plus what is not yet written, each entry exactly once.
 */
public final class Ledger implements AutoCloseable {
    private final LedgerOptions options;
    private final LedgerBuffer buffer;
    private final LedgerMetrics metrics;
    private final Path dir;
    private final String instance;
    private final LedgerWriter writer;
    private final Thread thread;
    private final FileChannel lockChannel;
    private final List<Consumer<LedgerEntry>> listeners = new CopyOnWriteArrayList<>();
    private final Events events;
    private final String memoryOnlyWhy;
    private volatile boolean overflowing;
    private volatile boolean lossLogged;

    private Ledger(LedgerOptions o, Path dir, String memoryOnlyWhy, String instance, FileChannel lockChannel) {
        this.options = o;
        this.events = o.events();
        this.dir = dir;
        this.memoryOnlyWhy = memoryOnlyWhy;
        this.instance = instance;
        this.lockChannel = lockChannel;
        this.buffer = new LedgerBuffer(o.queueCapacity(), o.heldCapacity(), dir == null);
        this.metrics = new LedgerMetrics(o.metrics(), buffer);
        if (dir == null) {
            writer = null;
            thread = null;
            events.warn("ledger_memory_only", "reason", memoryOnlyWhy, "kept_entries", (long) o.heldCapacity(),
                    "effect", "usage is kept in memory only (the newest entries) and is gone at restart; quotas restart from zero");
        } else {
            knownFiles(dir, instance);
            writer = new LedgerWriter(buffer, new DayFiles(dir, instance, buffer), dir, o, metrics);
            thread = new Thread(writer, "piapi-ledger");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Files this instance name wrote before (an earlier run): readers read them up to today's size. */
    private void knownFiles(Path dir, String instance) {
        try {
            for (LedgerFiles.LedgerFile f : LedgerFiles.list(dir)) {
                if (f.instance().equals(instance)) buffer.opened(f.path(), Files.size(f.path()));
            }
        } catch (IOException e) {
            events.warn("ledger_list_failed", "path", dir.toString(), "error", e);
        }
    }

    /** Opens the ledger in {@code options.dir()} (memory only when it is null or cannot be used) and starts its writer. */
    public static Ledger open(LedgerOptions options) {
        if (options.dir() == null) return new Ledger(options, null, options.memoryOnlyWhy(), options.instance(), null);
        try {
            Files.createDirectories(options.dir());
            InstanceLock lock = InstanceLock.take(options.dir(), options.instance());
            if (lock.channel() == null) {
                options.events().warn("ledger_instance_lock_unavailable", "path", options.dir().toString(),
                        "effect", "the file system cannot lock files: give every replica its own PIAPI_INSTANCE");
            } else if (!lock.instance().equals(options.instance())) {
                options.events().warn("ledger_instance_in_use", "instance", options.instance(), "using", lock.instance(),
                        "reason", "another process writes files under this name (set PIAPI_INSTANCE per replica)");
            }
            return new Ledger(options, options.dir(), null, lock.instance(), lock.channel());
        } catch (IOException | RuntimeException e) {
            String why = "cannot write to " + options.dir() + ": " + e;
            return new Ledger(options, null, why, options.instance(), null);
        }
    }

    /** The name this process writes its files under. */
    public String instance() {
        return instance;
    }

    /** Called with every appended entry, on the appending thread (keep it quick: the limiter's counters). */
    public void addListener(Consumer<LedgerEntry> listener) {
        listeners.add(listener);
    }

    /**
     * Records one request; never waits for the disk. An overflow is logged once per episode (when it starts,
     * and when it ends), so a flood of appends never floods the log as well; every entry is counted.
     */
    public void append(LedgerEntry entry) {
        switch (buffer.offer(entry)) {
            case QUEUED -> {
                if (overflowing && buffer.held() == 0) {
                    overflowing = false;
                    lossLogged = false;
                    events.info("ledger_queue_recovered", "queue_capacity", (long) buffer.queueCapacity());
                }
            }
            case HELD -> {
                metrics.held.inc();
                if (!overflowing && dir != null) {
                    overflowing = true;
                    events.warn("ledger_queue_full", "queue_capacity", (long) buffer.queueCapacity(),
                            "effect", "entries are kept in memory and written when the disk catches up");
                }
            }
            case LOST -> {
                metrics.lost.inc();
                overflowing = true;
                if (!lossLogged) {
                    lossLogged = true;
                    events.error("ledger_entries_lost", "reason", dir != null ? "the queue and the in-memory store are full"
                            : "memory-only ledger full: the oldest entries are dropped", "counted_in", "piapi_ledger_lost_total");
                }
            }
        }
        for (Consumer<LedgerEntry> l : listeners) {
            try {
                l.accept(entry);
            } catch (RuntimeException e) {
                events.error("ledger_listener_failed", "error", e);
            }
        }
    }

    /**
     * Every entry whose day (in {@code zone}) is within {@code from..to} inclusive, from every instance's files and
     * from memory, streamed to {@code sink}. Returns how many unreadable lines were skipped.
     */
    public long read(LocalDate from, LocalDate to, ZoneId zone, Consumer<LedgerEntry> sink) throws IOException {
        LedgerBuffer.Snapshot snapshot = buffer.snapshot(from, to, zone);
        long unreadable = 0;
        if (dir != null) {
            Consumer<LedgerEntry> inRange = e -> {
                if (LedgerBuffer.within(e, from, to, zone)) sink.accept(e);
            };
            // file days follow the zone at write time: one day of margin covers any change of zone since
            for (LedgerFiles.LedgerFile f : LedgerFiles.list(dir)) {
                if (f.day().isBefore(from.minusDays(1)) || f.day().isAfter(to.plusDays(1))) continue;
                // this instance's files are read up to what was complete at the snapshot (the rest is in memory, or
                // newer); a file it opened after the snapshot holds nothing older than the snapshot
                boolean own = f.instance().equals(instance);
                long limit = own ? snapshot.visibleBytes().getOrDefault(f.path(), 0L) : Long.MAX_VALUE;
                unreadable += LedgerFileReader.read(f.path(), limit, inRange);
            }
        }
        snapshot.unwritten().forEach(sink);
        if (unreadable > 0) metrics.unreadable.add(unreadable);
        return unreadable;
    }

    /** Aggregates {@code from..to} as the usage API shows it. */
    public UsageReport aggregate(UsageQuery query) throws IOException {
        UsageAggregator aggregator = new UsageAggregator(query);
        long unreadable = read(query.from(), query.to(), query.zone(), aggregator);
        return aggregator.report(unreadable);
    }

    /**
     * Waits until everything appended before the call is written and synced. False when that did not happen
     * within the timeout, the disk failed, or the ledger is memory-only. For tests and shutdown.
     */
    public boolean flush(Duration timeout) {
        try {
            return buffer.flush(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public LedgerStatus status() {
        return new LedgerStatus(dir != null, dir == null ? null : dir.toString(), memoryOnlyWhy, instance, buffer.queued(),
                buffer.queueCapacity(), buffer.held(), (long) metrics.lost.value(), (long) metrics.failures.value(),
                writer == null ? null : writer.lastError(), writer == null ? null : writer.lastErrorAt());
    }

    /** Writes what is queued, syncs, and stops the writer (waiting at most {@code timeout}). */
    public void close(Duration timeout) {
        buffer.close();
        if (thread != null) {
            try {
                if (!buffer.awaitStopped(timeout)) {
                    events.error("ledger_close_timeout", "waited", timeout, "entries_not_written", (long) (buffer.queued() + buffer.held()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException e) {
                // the lock goes with the process anyway
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** The status view's facts about the ledger. */
    public record LedgerStatus(boolean onDisk, String directory, String memoryOnlyReason, String instance, int queued, int queueCapacity,
                               int heldInMemory, long lost, long writeFailures, String lastError, Instant lastErrorAt) {}

    /**
     * A lock file per instance name, so two processes never append to the same files; the channel is null when
     * the file system cannot lock (some network file systems), and the name is then used as it is.
     */
    record InstanceLock(String instance, FileChannel channel) {
        static InstanceLock take(Path dir, String wanted) throws IOException {
            String name = wanted;
            for (int attempt = 0; attempt < 20; attempt++) {
                FileChannel ch = FileChannel.open(dir.resolve("." + name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this very process (another gateway in the same JVM)
                } catch (IOException e) {
                    ch.close();
                    return new InstanceLock(wanted, null);
                }
                if (lock != null) return new InstanceLock(name, ch);
                ch.close();
                name = wanted + "-" + ProcessHandle.current().pid() + (attempt == 0 ? "" : "-" + attempt);
            }
            throw new IOException("no free instance name for " + wanted);
        }
    }
}
