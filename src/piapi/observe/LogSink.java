package piapi.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * Writes log lines from a bounded queue on its own thread, so a slow stdout never stalls a request.
 * Nothing is sampled away; only when the queue is full (the output has stalled for thousands of
 * lines) is a line dropped, and every drop is counted; once the output moves again, a notice line says
 * how many were lost, so a reader of the log knows there is a gap.
 */
public final class LogSink implements AutoCloseable {
    private static final String STOP = new String("stop"); // identity sentinel, never a real line

    private final ArrayBlockingQueue<String> queue; // null when synchronous
    private final OutputStream out;
    private final Thread writer; // null when synchronous
    private final ReentrantLock writing = new ReentrantLock();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;
    private volatile LongFunction<String> dropNotice;
    private long reportedDrops; // writer thread only

    public LogSink(OutputStream out, int capacity) {
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("piapi-log-writer").daemon(true).unstarted(this::drain);
        this.writer.start();
    }

    private LogSink(OutputStream out) {
        this.out = out;
        this.queue = null;
        this.writer = null;
    }

    /**
     * A sink that writes each line on the caller's thread, before {@link #write} returns, and never drops
     * one: for tests and tools whose output is in memory, so what a request logged is there once its
     * response is. Never for a real stdout, which can stall.
     */
    public static LogSink synchronous(OutputStream out) {
        return new LogSink(out);
    }

    /** Queues one line (without its newline). Never blocks, except that a synchronous sink writes it at once. */
    public void write(String line) {
        if (queue == null) {
            writeNow(line);
        } else if (closed || !queue.offer(line)) {
            dropped.increment();
        }
    }

    private void writeNow(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        writing.lock();
        try {
            if (closed) {
                dropped.increment();
                return;
            }
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            dropped.increment();
        } finally {
            writing.unlock();
        }
    }

    /** Formats the line written after drops, given how many were dropped since the last notice. */
    public void dropNotice(LongFunction<String> notice) {
        this.dropNotice = notice;
    }

    /** Lines dropped because the output could not keep up. */
    public long dropped() {
        return dropped.sum();
    }

    private void drain() {
        byte[] newline = {'\n'};
        try {
            while (true) {
                String line = queue.take();
                do {
                    if (line == STOP) {
                        out.flush();
                        return;
                    }
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.write(newline);
                    line = queue.poll(); // batch what is already queued, then flush once
                } while (line != null);
                reportDrops(newline);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // stdout is gone (closed pipe): nothing left to report to; stop writing
        }
    }

    private void reportDrops(byte[] newline) throws IOException {
        long total = dropped.sum();
        LongFunction<String> notice = dropNotice;
        if (total == reportedDrops || notice == null) return;
        out.write(notice.apply(total - reportedDrops).getBytes(StandardCharsets.UTF_8));
        out.write(newline);
        reportedDrops = total;
    }

    /** Writes out what is queued (waiting up to two seconds), then stops. */
    @Override
    public void close() {
        if (closed) return;
        if (queue == null) {
            writing.lock();
            try {
                closed = true;
            } finally {
                writing.unlock();
            }
            return;
        }
        closed = true;
        try {
            if (queue.offer(STOP, 2, TimeUnit.SECONDS)) writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
