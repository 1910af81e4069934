package piapi.proxy;

import java.net.http.HttpHeaders;

/**
 * The taps of one relayed response. Each call goes to every tap still in the list; a tap that throws is
 * counted and removed, and the others (and the response) go on as if nothing happened.
 */
final class TapList {
    private final RelayTaps.Registered[] registered;
    private final RelayTap[] taps; // null: skipped by its source, or dropped after a failure
    private final RelayTaps owner;

    TapList(RelayTaps.Registered[] registered, RelayTap[] taps, RelayTaps owner) {
        this.registered = registered;
        this.taps = taps;
        this.owner = owner;
    }

    void begin(int status, HttpHeaders headers) {
        for (int i = 0; i < taps.length; i++) {
            RelayTap tap = taps[i];
            if (tap == null) continue;
            try {
                tap.begin(status, headers);
            } catch (RuntimeException | Error e) {
                failed(i, e);
            }
        }
    }

    void chunk(byte[] buffer, int offset, int length) {
        for (int i = 0; i < taps.length; i++) {
            RelayTap tap = taps[i];
            if (tap == null) continue;
            try {
                tap.chunk(buffer, offset, length);
            } catch (RuntimeException | Error e) {
                failed(i, e);
            }
        }
    }

    void end(boolean complete) {
        for (int i = 0; i < taps.length; i++) {
            RelayTap tap = taps[i];
            if (tap == null) continue;
            taps[i] = null; // ended: never called again
            try {
                tap.end(complete);
            } catch (RuntimeException | Error e) {
                failed(i, e);
            }
        }
    }

    /** Drops tap {@code i} for the rest of this response. */
    void failed(int i, Throwable t) {
        if (t instanceof VirtualMachineError fatal) throw fatal; // out of memory is not the tap's failure to absorb
        taps[i] = null;
        owner.failed(registered[i], t);
    }
}
