package piapi.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import piapi.http.JsonException;
import piapi.http.JsonReader;

/**
 * Captures a gateway's log output in memory; tests find lines by their fields. Waiting for a line blocks
 * until a write brings it (no polling); the deadline only guards against a line that never comes.
 */
public final class LogCapture extends OutputStream {
    /** How long a wait may take before the test fails: generous, the machine is shared. */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        lock.lock();
        try {
            bytes.write(b, off, len);
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public String text() {
        lock.lock();
        try {
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }

    /** Every complete line parsed as a JSON object. */
    public List<Map<String, Object>> lines() {
        List<Map<String, Object>> out = new ArrayList<>();
        String all = text();
        int end = all.lastIndexOf('\n'); // a line still being written is left out
        if (end < 0) return out;
        for (String line : all.substring(0, end).split("\n")) {
            if (line.isBlank()) continue;
            try {
                out.add(JsonReader.parseObject(line));
            } catch (JsonException e) {
                throw new AssertionError("log line is not JSON: " + line + " (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    /** The first line matching, waiting for it to be written. */
    public Map<String, Object> await(String what, Predicate<Map<String, Object>> match) {
        List<Map<String, Object>> found = awaitLines(what, match, 1);
        return found.get(0);
    }

    /** Every line matching once there are at least {@code count}, waiting for them to be written. */
    public List<Map<String, Object>> awaitLines(String what, Predicate<Map<String, Object>> match, int count) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        lock.lock();
        try {
            while (true) {
                List<Map<String, Object>> found = new ArrayList<>();
                for (Map<String, Object> l : lines()) if (match.test(l)) found.add(l);
                if (found.size() >= count) return found;
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("timed out after " + DEADLINE + " waiting for " + what + "; the log:\n" + text());
                written.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the raw text (any format) contains {@code fragment}. */
    public String awaitText(String fragment) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        lock.lock();
        try {
            while (true) {
                String all = text();
                if (all.contains(fragment)) return all;
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("timed out after " + DEADLINE + " waiting for '" + fragment + "' in:\n" + all);
                written.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + fragment, e);
        } finally {
            lock.unlock();
        }
    }

    /** The access-log line of one request: written last, so the metrics and the request log have the request by then. */
    public Map<String, Object> accessLine(String requestId) {
        return await("access log line for " + requestId, l -> requestId.equals(l.get("request_id")) && l.containsKey("outcome"));
    }

    /** The access-log lines, once there are {@code count} of them. */
    public List<Map<String, Object>> accessLines(int count) {
        return awaitLines(count + " access log lines", l -> l.containsKey("outcome"), count);
    }
}
