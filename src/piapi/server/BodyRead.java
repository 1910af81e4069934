package piapi.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Admission's last stage: the request body, read whole up to {@code limits.maxRequestBody} (413 past it).
 * It is buffered, not streamed, so a failover can send it again to another upstream; LLM requests are at
 * most a few MiB of JSON. A body over the limit is refused before a byte of it is read when its
 * Content-Length says so.
 */
final class BodyRead implements AdmissionStage {
    /** The unread rest of a refused body is not drained: the connection closes after the answer. */
    private static final Map<String, String> CLOSE = Map.of("Connection", "close");

    @Override
    public Admission admit(ProxyCall call) {
        long limit = call.snapshot().settings().limits().maxRequestBodyBytes();
        byte[] body;
        try {
            body = read(call, limit);
        } catch (IOException e) {
            return new Admission.ClientLeft();
        }
        if (body == null) {
            return new Admission.Refused(413, "request_too_large", "the request body is larger than the limit of " + limit + " bytes", CLOSE);
        }
        call.body(body);
        return Admission.ADMITTED;
    }

    /** The body, or null when it is larger than {@code limit}. */
    private static byte[] read(ProxyCall call, long limit) throws IOException {
        long length = declaredLength(call.exchange().requestHeaders().getFirst("Content-Length"));
        if (length > limit) return null;
        int cap = (int) Math.min(limit, Integer.MAX_VALUE - 16);
        try (InputStream in = call.exchange().http().getRequestBody()) {
            if (length >= 0 && length <= cap) {
                // The usual case: one array of the declared size (readNBytes(n) would grow and copy buffers).
                byte[] body = new byte[(int) length];
                int n = in.readNBytes(body, 0, body.length);
                return n < body.length ? Arrays.copyOf(body, n) : body; // the server ends the stream at the length
            }
            byte[] body = in.readNBytes(cap + 1);
            return body.length > cap ? null : body;
        }
    }

    /** The Content-Length, or -1 when absent or unreadable (the server has validated it; reading finds the truth). */
    private static long declaredLength(String declared) {
        if (declared == null) return -1;
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
