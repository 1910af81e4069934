package piapi.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port where nothing listens, for "upstream unreachable" tests. A socket is bound to it and
 * never listens: connections to it are refused, and as long as it is held (close it when the test is
 * over) no other socket can take the port. Closing a probe socket and hoping the port stays free would
 * race with every other test on the machine.
 */
public final class DeadPort implements AutoCloseable {
    private final Socket holder = new Socket();

    public DeadPort() throws IOException {
        holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public int port() {
        return holder.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() throws IOException {
        holder.close();
    }
}
