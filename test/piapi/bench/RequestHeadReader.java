package piapi.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Collects one HTTP/1.1 request (head and a Content-Length body) from non-blocking reads. */
final class RequestHeadReader {
    private static final int MAX = 64 * 1024;
    private byte[] buf = new byte[1024];
    private int length;

    /** Adds what was read; false when the request is larger than this fake accepts. */
    boolean append(ByteBuffer data) {
        int n = data.remaining();
        if (length + n > MAX) return false;
        if (length + n > buf.length) buf = Arrays.copyOf(buf, Math.min(MAX, Math.max(2 * buf.length, length + n)));
        data.get(buf, length, n);
        length += n;
        return true;
    }

    /** The request's head once the head and its body have arrived, else null. */
    HttpRequestHead complete() {
        int end = headEnd();
        if (end < 0) return null;
        String head = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        long bodyLength = 0;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                bodyLength = Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        if (length < end + 4 + bodyLength) return null;
        String requestLine = head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
        String[] parts = requestLine.split(" ");
        return new HttpRequestHead(parts.length > 1 ? parts[1] : "/");
    }

    void reset() {
        length = 0;
        if (buf.length > 1024) buf = new byte[1024];
    }

    private int headEnd() {
        for (int i = 0; i + 3 < length; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') return i;
        }
        return -1;
    }

    /** The request target, with its query parameters. */
    record HttpRequestHead(String target) {
        int intParam(String name, int fallback) {
            int q = target.indexOf('?');
            if (q < 0) return fallback;
            for (String pair : target.substring(q + 1).split("&")) {
                if (pair.startsWith(name + "=")) return Integer.parseInt(pair.substring(name.length() + 1));
            }
            return fallback;
        }
    }
}
