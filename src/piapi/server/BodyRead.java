package piapi.server;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import piapi.proxy.RequestBody;

/**
 * Admission's last stage: the request body, read whole up to {@code limits.maxRequestBody} (413 past it) and
 * kept until the request ends, so a failover can send it again to another upstream. It is kept in one array
 * when the memory budget for bodies has room for it, else in a temporary file ({@link RequestBodies}); only
 * when the disk refuses too does the request get 503 with {@code Retry-After}. A body over the limit is
 * refused before a byte of it is read when its Content-Length says so.
 */
final class BodyRead implements AdmissionStage {
    /** The unread rest of a refused body is not drained: the connection closes after the answer. */
    private static final Map<String, String> CLOSE = Map.of("Connection", "close");
    private static final Map<String, String> NO_ROOM = Map.of("Connection", "close", "Retry-After", "5");
    /** Largest array the JVM hands out; a longer body (a limit above 2 GiB) goes to disk. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    /** First array for a body of unknown length (chunked): it doubles as the body grows. */
    private static final int FIRST_CHUNKED = 16 * 1024;
    /** Copy buffer when writing a body to its file. */
    private static final int COPY = 32 * 1024;

    private final RequestBodies bodies;

    BodyRead(RequestBodies bodies) {
        this.bodies = bodies;
    }

    @Override
    public Admission admit(ProxyCall call) {
        long limit = call.snapshot().settings().limits().maxRequestBodyBytes();
        long length = declaredLength(call.exchange().requestHeaders());
        if (length > limit) return tooLarge(limit);
        if (length == 0) { // a GET, or an empty POST: nothing to read or hold
            call.body(RequestBody.EMPTY);
            return Admission.ADMITTED;
        }
        RequestBody body;
        try (InputStream in = call.exchange().http().getRequestBody()) {
            body = length >= 0 ? known(call, in, length) : unknown(call, in, limit);
        } catch (SpillFile.DiskRefused e) {
            bodies.diskRefused(e);
            return new Admission.Refused(503, "request_body_no_room",
                    "piapi has no room for this request body right now (memory budget full, temporary file refused); retry shortly", NO_ROOM);
        } catch (IOException e) {
            return new Admission.ClientLeft();
        }
        if (body == null) return tooLarge(limit);
        call.body(body);
        return Admission.ADMITTED;
    }

    private static Admission tooLarge(long limit) {
        return new Admission.Refused(413, "request_too_large", "the request body is larger than the limit of " + limit + " bytes", CLOSE);
    }

    /** A body of declared length: one array of that size when the budget has room (the usual case), else a file. */
    private RequestBody known(ProxyCall call, InputStream in, long length) throws IOException, SpillFile.DiskRefused {
        MemoryBudget.Reservation reserved = length <= MAX_ARRAY ? bodies.memory().tryReserve(length) : null;
        if (reserved == null) return spill(call, in, null, 0, Long.MAX_VALUE);
        call.hold(reserved);
        // One array of the declared size (readNBytes(n) would grow and copy buffers); the server ends the stream at the length.
        byte[] body = new byte[(int) length];
        int n = in.readNBytes(body, 0, body.length);
        return new RequestBody.InMemory(body, n);
    }

    /**
     * A body of unknown length (chunked): an array that doubles while the budget has room for the larger one,
     * then a file for all of it. Null when it is larger than {@code limit}.
     */
    private RequestBody unknown(ProxyCall call, InputStream in, long limit) throws IOException, SpillFile.DiskRefused {
        int capacity = (int) Math.min(FIRST_CHUNKED, limit + 1);
        MemoryBudget.Reservation reserved = bodies.memory().tryReserve(capacity);
        if (reserved == null) return spill(call, in, null, 0, limit);
        call.hold(reserved);
        byte[] buffer = new byte[capacity];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (size > limit) return null;
                int larger = (int) Math.min(Math.min((long) size * 2, limit + 1), MAX_ARRAY);
                if (larger <= size || !reserved.grow(larger)) {
                    RequestBody spilled = spill(call, in, buffer, size, limit);
                    reserved.close(); // the array is garbage now: its bytes are in the file
                    return spilled;
                }
                buffer = Arrays.copyOf(buffer, larger);
                reserved.shrink(size);
            }
            int n = in.read(buffer, size, buffer.length - size);
            if (n < 0) break;
            size += n;
        }
        return size > limit ? null : new RequestBody.InMemory(buffer, size);
    }

    /**
     * The body in a temporary file, held until the request ends: {@code head} (what was already read into memory,
     * may be null) and the rest of {@code in}. Null when it is larger than {@code limit}.
     */
    private RequestBody spill(ProxyCall call, InputStream in, byte[] head, int headLength, long limit)
            throws IOException, SpillFile.DiskRefused {
        SpillFile file = bodies.spill();
        call.hold(file);
        if (headLength > 0) file.write(head, 0, headLength);
        byte[] buffer = new byte[COPY];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            file.write(buffer, 0, n);
            if (file.written() > limit) return null;
        }
        return file.body();
    }

    /**
     * The Content-Length; 0 when there is neither a length nor chunked encoding (the server then gives an empty
     * body); -1 for a chunked body or an unreadable length (the server has validated it; reading finds the truth).
     */
    private static long declaredLength(Headers headers) {
        String declared = headers.getFirst("Content-Length");
        if (declared == null) return headers.containsKey("Transfer-Encoding") ? -1 : 0;
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
