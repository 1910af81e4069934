package piapi.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that accepts a connection, reads the request head, and resets the connection (RST,
 * via SO_LINGER 0) without sending a byte: "connection reset before headers".
 */
public final class ResettingUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    public ResettingUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::run);
    }

    private void run() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                readHead(s.getInputStream());
                s.setSoLinger(true, 0); // close() now sends RST instead of FIN
            } catch (IOException e) {
                // closed by the test, or the client went away: nothing to do
            }
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int state = 0; // counts the \r\n\r\n that ends the head
        int b;
        while (state < 4 && (b = in.read()) >= 0) state = (b == '\r' || b == '\n') ? state + 1 : 0;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted (each one carried a request, then was reset). */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
