package piapi.server;

import java.util.Map;

/**
 * Admission's memory stage: a proxied request goes on only with a {@link StreamMemory} reservation, held
 * until it ends. Without one it gets 503 {@code overloaded} with {@code Retry-After}, and its connection is
 * closed (an idle connection keeps the JDK server's buffers), while the streams already open keep flowing.
 * It runs before the body is read, so a refused request costs no body buffer either.
 */
final class MemoryAdmission implements AdmissionStage {
    /** Streams last tens of seconds: a client retrying after a couple of seconds finds room as they end. */
    static final Map<String, String> HEADERS = Map.of("Retry-After", "2", "Connection", "close");

    private final StreamMemory memory;

    MemoryAdmission(StreamMemory memory) {
        this.memory = memory;
    }

    @Override
    public Admission admit(ProxyCall call) {
        MemoryBudget.Reservation r = memory.tryReserve();
        if (r == null) {
            return new Admission.Refused(503, "overloaded",
                    "piapi is holding as many requests as its memory allows (" + memory.capacity() + "); retry shortly", HEADERS);
        }
        call.hold(r);
        return Admission.ADMITTED;
    }
}
