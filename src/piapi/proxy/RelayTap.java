package piapi.proxy;

/**
 * Watches one relayed response as it goes to the client: metrics now, the usage meter later. The relay
 * calls it after the bytes are written, so a tap can never delay or alter a byte; one that throws is
 * counted ({@code piapi_relay_tap_failures_total{tap}}) and dropped for the rest of that request, never
 * the request itself. SSE heartbeat comments piapi writes itself are never shown to taps. Register a tap
 * with {@link RelayTaps#register}; each relayed response gets its own instance, used by one thread.
 */
public interface RelayTap {
    /** The response the client gets, before any body byte: status and the upstream's headers. */
    default void begin(int status, java.net.http.HttpHeaders headers) {}

    /** Bytes just written to the client. Read them during this call only; never keep or modify the array. */
    void chunk(byte[] buffer, int offset, int length);

    /** The body ended; complete = the upstream ended it cleanly and the client received all of it. */
    default void end(boolean complete) {}
}
