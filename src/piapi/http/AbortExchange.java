package piapi.http;

/**
 * Thrown to drop the client connection without finishing the response. The JDK server closes the
 * connection when a handler throws, and that is the only way to end a chunked response without its
 * terminating chunk: a client must see a stream that broke upstream as broken, not as complete.
 */
public final class AbortExchange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AbortExchange(String reason) {
        super(reason, null, false, false); // control flow: no stack trace
    }
}
