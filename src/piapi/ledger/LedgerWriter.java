package piapi.ledger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import piapi.observe.Events;

/**
 * The one thread that writes this instance's ledger files. It drains the queue in batches, syncs to the disk
 * at least every {@code syncInterval} (and for every flush, and at shutdown), retries what failed a second
 * later, and applies the retention once a day. Failures are counted and logged, at most one event a minute
 * while they last, and a recovery is logged once.
 */
final class LedgerWriter implements Runnable {
    private static final long SECOND = 1_000_000_000L;
    private static final long FAILURE_EVENT_EVERY = 60 * SECOND;

    private final LedgerBuffer buffer;
    private final DayFiles files;
    private final Path dir;
    private final Supplier<ZoneId> zone;
    private final IntSupplier retentionDays;
    private final Clock clock;
    private final long syncInterval;
    private final LedgerMetrics metrics;
    private final Events events;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private long failuresInRow;
    private long lastFailureEvent = System.nanoTime() - FAILURE_EVENT_EVERY;
    private long failuresSinceEvent;
    private LocalDate retentionDoneFor;

    LedgerWriter(LedgerBuffer buffer, DayFiles files, Path dir, LedgerOptions options, LedgerMetrics metrics) {
        this.buffer = buffer;
        this.files = files;
        this.dir = dir;
        this.zone = options.zone();
        this.retentionDays = options.retentionDays();
        this.clock = options.clock();
        this.syncInterval = options.syncInterval().toNanos();
        this.metrics = metrics;
        this.events = options.events();
    }

    @Override
    public void run() {
        long lastSync = System.nanoTime();
        long retryAt = 0;
        long flushedGeneration = 0;
        boolean dirty = false;
        try {
            while (true) {
                long now = System.nanoTime();
                boolean retry = failuresInRow == 0 || now - retryAt >= 0;
                long wait = dirty ? Math.max(0, lastSync + syncInterval - now) : SECOND;
                if (!retry) wait = Math.min(wait, Math.max(0, retryAt - now));
                LedgerBuffer.Batch batch = buffer.take(wait, retry);
                boolean ok = true;
                if (!batch.entries().isEmpty()) {
                    ok = write(batch);
                    dirty |= !batch.entries().isEmpty();
                    if (!ok) retryAt = System.nanoTime() + SECOND;
                }
                now = System.nanoTime();
                boolean flushWanted = batch.flushGeneration() > flushedGeneration;
                if (dirty && (flushWanted || batch.closing() || now - lastSync >= syncInterval)) {
                    ok &= sync();
                    lastSync = now;
                    dirty = false;
                }
                retention(); // before a flush is reported done, so a flush also waits for the day's retention
                if (flushWanted) {
                    buffer.flushed(batch.flushGeneration(), ok);
                    flushedGeneration = batch.flushGeneration();
                }
                if (batch.closing() && (buffer.drained() || !ok)) {
                    stop();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        }
    }

    private boolean write(LedgerBuffer.Batch batch) {
        DayFiles.Result r = files.write(batch.entries(), zone.get());
        buffer.written(r.written(), r.sizes());
        metrics.written.add(r.written());
        if (r.failure() == null) {
            if (failuresInRow > 0) {
                events.info("ledger_write_recovered", "path", dir.toString(), "failed_attempts", failuresInRow);
                failuresInRow = 0;
            }
            return true;
        }
        failed(r.failure(), batch.entries().size() - r.written());
        int lost = buffer.trimHeld();
        if (lost > 0) lost(lost, "the in-memory store is full while the disk fails");
        return false;
    }

    private boolean sync() {
        try {
            files.sync();
            metrics.syncs.inc();
            return true;
        } catch (IOException e) {
            failed(e, 0);
            return false;
        }
    }

    private void failed(IOException e, int held) {
        failuresInRow++;
        failuresSinceEvent++;
        metrics.failures.inc();
        lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        lastErrorAt = clock.instant();
        long now = System.nanoTime();
        if (now - lastFailureEvent >= FAILURE_EVENT_EVERY) {
            events.error("ledger_write_failed", "path", dir.toString(), "error", e, "entries_held_in_memory", (long) buffer.held(),
                    "failures", failuresSinceEvent, "effect", "usage is kept in memory and written when the disk works again");
            lastFailureEvent = now;
            failuresSinceEvent = 0;
        }
        if (held > 0) metrics.held.add(held);
    }

    void lost(long count, String why) {
        metrics.lost.add(count);
        events.error("ledger_entries_lost", "count", count, "reason", why);
    }

    private void retention() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone.get());
        if (today.equals(retentionDoneFor)) return;
        retentionDoneFor = today;
        int days = retentionDays.getAsInt();
        try {
            int deleted = Retention.apply(dir, today, days);
            if (deleted > 0) events.info("ledger_files_deleted", "count", (long) deleted, "retention_days", (long) days);
        } catch (IOException e) {
            events.warn("ledger_retention_failed", "path", dir.toString(), "error", e);
        }
    }

    private void stop() {
        try {
            files.close();
        } catch (IOException e) {
            failed(e, 0);
        }
        if (!buffer.drained()) {
            int left = buffer.held() + buffer.queued();
            lost(left, "shutdown while the disk fails");
        }
        buffer.stopped();
    }

    String lastError() {
        return lastError;
    }

    Instant lastErrorAt() {
        return lastErrorAt;
    }
}
