package piapi.proxy;

/**
 * Settings of the JDK's HttpClient that exist only as system properties, read once when its classes load:
 * {@code piapi.Main} applies them before the first client is built. A value given on the command line
 * ({@code -Dname=value}) wins. Chosen with {@code make bench}; the README's "Performance" has the figures.
 */
public final class ClientTuning {
    private ClientTuning() {}

    public static void apply() {
        // Each upstream connection keeps one read buffer of this size for as long as it lives (16 KiB by
        // default), and a stream's connection lives as long as the stream: 4 KiB holds an SSE event or a
        // short reply many times over. Measured at c=64: no difference for 284-byte replies; 32 KiB replies
        // cost 416-472 us of CPU each against 366-371 us with 16 KiB, and 582 us with 2 KiB.
        setDefault("jdk.httpclient.bufsize", "4096");
        // Idle HTTP/1.1 connections kept for reuse; unbounded by default, so after a burst of thousands of
        // streams as many idle connections (each with its buffer) would stay for the keep-alive timeout.
        setDefault("jdk.httpclient.connectionPoolSize", "256");
    }

    private static void setDefault(String name, String value) {
        if (System.getProperty(name) == null) System.setProperty(name, value);
    }
}
