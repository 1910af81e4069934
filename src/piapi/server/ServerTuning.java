package piapi.server;

/**
 * Settings of the JDK's HTTP server that exist only as system properties, read once when its classes
 * load: {@code piapi.Main} applies them before the first server starts. A value given on the command line
 * ({@code -Dname=value}) wins.
 */
public final class ServerTuning {
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
    }

    private static void setDefault(String name, String value) {
        if (System.getProperty(name) == null) System.setProperty(name, value);
    }
}
