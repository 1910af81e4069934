package piapi.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads one CRLF- (or LF-) terminated protocol line as ISO-8859-1, which keeps every byte as it was. */
final class Http1Lines {
    private Http1Lines() {}

    /** Thrown when the connection ends before any byte of a line: on a reused connection, the server's idle close. */
    static final class NoBytes extends EOFException {
        private static final long serialVersionUID = 1L;

        NoBytes() {
            super("the upstream closed the connection");
        }
    }

    static String read(InputStream in, int limit) throws IOException {
        byte[] buf = new byte[128];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (n == 0) throw new NoBytes();
                throw new EOFException("the upstream closed the connection mid-line");
            }
            if (b == '\n') break;
            if (n == limit) throw new IOException("a line from the upstream is longer than " + limit + " bytes");
            if (n == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(limit, n * 2));
            buf[n++] = (byte) b;
        }
        if (n > 0 && buf[n - 1] == '\r') n--;
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
