package piapi.limits;

import java.lang.ref.Cleaner;

/**
 * A concurrency slot held by an admitted request. Close it when the request ends, on every path (cancel before
 * the first byte, mid-stream, upstream error): {@code try (Permit p = admitted.permit()) { ... }}. Closing is
 * idempotent, so a second close never frees a second slot; and a permit dropped without being closed is
 * released when it is garbage-collected and counted as a leak, so a slot is never lost for good.
 */
public final class Permit implements AutoCloseable {
    /** The permit of a request no concurrency limit applies to (token counting, an unknown user). */
    static final Permit NONE = new Permit(null);

    private final Release release;
    /** Set once, right after construction, by the thread that admitted the request and then uses the permit. */
    private Cleaner.Cleanable cleanable;

    private Permit(Release release) {
        this.release = release;
    }

    static Permit of(UserState state, Cleaner cleaner, Runnable onLeak) {
        Release r = new Release(state, onLeak);
        Permit p = new Permit(r);
        p.cleanable = cleaner.register(p, r);
        return p;
    }

    /** Frees the slot; later calls do nothing. */
    @Override
    public void close() {
        if (release == null) return;
        release.explicit = true;
        cleanable.clean(); // runs the release at most once, however often it is called
    }

    /** Whether the slot has been freed. */
    public boolean released() {
        return release == null || release.done;
    }

    /** The action, kept apart from the permit so the cleaner can run it once the permit is unreachable. */
    private static final class Release implements Runnable {
        private final UserState state;
        private final Runnable onLeak;
        volatile boolean explicit;
        volatile boolean done;

        Release(UserState state, Runnable onLeak) {
            this.state = state;
            this.onLeak = onLeak;
        }

        @Override
        public void run() {
            done = true;
            state.release();
            if (!explicit) onLeak.run();
        }
    }
}
