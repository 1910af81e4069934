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
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                length = -1; // the server has already validated it; fall through to reading
            }
            if (length > limit) throw new TooLarge(); // refuse before reading a byte of it
        }
        int cap = (int) Math.min(limit, Integer.MAX_VALUE - 16);
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(cap + 1);
            if (body.length > cap) throw new TooLarge();
            return body;
        }
    }
}
