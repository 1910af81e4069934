package piapi.server;

/**
 * Settings of the JDK's HTTP server that exist only as system properties, read once per JVM when its classes
 * load (the first server of any kind, the demo's providers included): {@code piapi.Main} applies them before
 * anything else. A value given on the command line ({@code -Dname=value}) wins.
 */
public final class ServerTuning {
    /**
     * Largest request head the server reads: the request line plus every header, each counted as name + value
     * + 32 bytes. The JDK's own default differs between releases (unlimited on older JDK 21 builds, 380 KiB
     * later); a client's headers are a few KiB, so 64 KiB leaves room for long cookies or tokens and caps what
     * one connection can make the server buffer before piapi sees a byte of the request.
     */
    public static final int MAX_REQUEST_HEAD_BYTES = 64 * 1024;
    /** Most header names in one request (the JDK counts distinct names); clients send a few dozen. */
    public static final int MAX_REQUEST_HEADERS = 100;

    private ServerTuning() {}

    public static void apply() {
        // The server leaves Nagle's algorithm on by default: a small write (an SSE event, a short JSON
        // reply written as headers + body) can then wait for the client's delayed ACK, tens of ms.
        setDefault("sun.net.httpserver.nodelay", "true");
        // The last line behind the memory budget (StreamMemory refuses requests it has no room for with a 503):
        // each connection costs about 30 KiB of server buffers once it has sent a request, so past the budget's
        // capacity and some room for idle keep-alive connections and refusals being answered, new connections
        // are closed at once rather than allowed to fill the heap.
        setDefault("jdk.httpserver.maxConnections", String.valueOf(StreamMemory.capacityForThisJvm() + 512));
        // A request past either limit is not answered: the server closes the connection before piapi sees it.
        setDefault("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_REQUEST_HEAD_BYTES));
        setDefault("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_REQUEST_HEADERS));
    }

    private static void setDefault(String name, String value) {
        if (System.getProperty(name) == null) System.setProperty(name, value);
    }
}
