package piapi.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import piapi.http.JsonException;
import piapi.http.JsonReader;

/** Captures a gateway's log output in memory; tests find lines by their fields. */
public final class LogCapture extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ReentrantLock lock = new ReentrantLock();

    @Override
    public void write(int b) {
        lock.lock();
        try {
            bytes.write(b);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        lock.lock();
        try {
            bytes.write(b, off, len);
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
        for (String line : all.split("\n")) {
            if (line.isBlank() || !all.contains(line + "\n")) continue;
            try {
                out.add(JsonReader.parseObject(line));
            } catch (JsonException e) {
                throw new AssertionError("log line is not JSON: " + line + " (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    /** The first line matching, waiting up to five seconds for the asynchronous writer. */
    public Map<String, Object> await(String what, Predicate<Map<String, Object>> match) {
        java.util.concurrent.atomic.AtomicReference<Map<String, Object>> found = new java.util.concurrent.atomic.AtomicReference<>();
        Await.until(what, java.time.Duration.ofSeconds(5), () -> {
            for (Map<String, Object> l : lines()) {
                if (match.test(l)) {
                    found.set(l);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    /** The access-log line of one request. */
    public Map<String, Object> accessLine(String requestId) {
        return await("access log line for " + requestId, l -> requestId.equals(l.get("request_id")) && l.containsKey("outcome"));
    }
}
