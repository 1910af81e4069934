package piapi.proxy;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body whole, up to a limit. It is buffered, not streamed, so a failover can send it
 * again to another upstream; LLM requests are at most a few MiB of JSON.
 */
final class RequestBodies {
    private RequestBodies() {}

    /** Thrown when the body is larger than the limit (413). */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    static byte[] read(HttpExchange exchange, long limit) throws IOException, TooLarge {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                length = -1; // the server has already validated it; fall through to reading
            }
            if (length > limit) throw new TooLarge(); // refuse before reading a byte of it
        }
        int cap = (int) Math.min(limit, Integer.MAX_VALUE - 16);
        try (InputStream in = exchange.getRequestBody()) {
            if (length >= 0 && length <= cap) {
                // The usual case: one array of the declared size (readNBytes(n) would grow and copy buffers).
                byte[] body = new byte[(int) length];
                int n = in.readNBytes(body, 0, body.length);
                if (n < body.length) return java.util.Arrays.copyOf(body, n); // the server ends the stream at the length
                return body;
            }
            byte[] body = in.readNBytes(cap + 1);
            if (body.length > cap) throw new TooLarge();
            return body;
        }
    }
}
