package piapi.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what HttpClient will not send or will not show: a websocket upgrade,
 * dot segments, hop-by-hop headers, a client that hangs up mid-stream, a response that ends without its
 * final chunk. Bytes are ISO-8859-1 both ways, so the text is exactly what went over the wire.
 */
public final class RawHttp {
    private RawHttp() {}

    /** A connection to 127.0.0.1:{@code port}; reads give up after 10 seconds (a failure guard, not a timing). */
    public static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Writes {@code request} as is (the request line, headers with CRLF, the blank line and any body). */
    public static void send(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends one request on a fresh connection and returns the whole response (head and body) once the server closes it. */
    public static String exchange(int port, String request) throws IOException {
        try (Socket s = connect(port)) {
            send(s, request);
            return readRest(s.getInputStream());
        }
    }

    /** Reads the response head, through the blank line that ends it. */
    public static String readHead(InputStream in) throws IOException {
        return readUntil(in, "\r\n\r\n");
    }

    /** Reads until {@code marker} has arrived; returns everything read. Fails when the connection ends first. */
    public static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!endsWith(got, marker)) {
            int b = in.read();
            if (b < 0) throw new IOException("connection ended before '" + marker + "'; got: " + got.toString(StandardCharsets.ISO_8859_1));
            got.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads to the end of the connection, or to the point where it broke (a reset is one way to end). */
    public static String readRest(InputStream in) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) >= 0; ) got.write(b);
        } catch (IOException e) {
            // a reset: what arrived so far is the answer
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean endsWith(ByteArrayOutputStream got, String marker) {
        if (got.size() < marker.length()) return false;
        String tail = got.toString(StandardCharsets.ISO_8859_1);
        return tail.endsWith(marker);
    }
}
