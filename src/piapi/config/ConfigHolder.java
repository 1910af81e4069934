package piapi.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place the live configuration is read from. Readers take {@link #current()} once per request
 * (a volatile read, no lock); publishing swaps in a whole new snapshot, so nobody sees half a config.
 */
public final class ConfigHolder {
    private final AtomicReference<ConfigSnapshot> current = new AtomicReference<>();
    private final ReentrantLock publishing = new ReentrantLock();
    private final List<Consumer<ConfigSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private long lastGeneration; // guarded by publishing

    public ConfigHolder(Clock clock) {
        this.clock = clock;
    }

    /** The live snapshot; null only before the first publish. */
    public ConfigSnapshot current() {
        return current.get();
    }

    /**
     * Runs after every publish, on the publishing thread, in registration order; for runtime state
     * that follows the config (e.g. dropping health of candidates that are gone). Must not block.
     */
    public void addListener(Consumer<ConfigSnapshot> listener) {
        listeners.add(listener);
    }

    /**
     * Indexes a validated config and makes it live; returns the new snapshot. If a listener throws, the
     * previous snapshot is put back (and the listeners told about it again), so nothing stays half-applied,
     * and the exception is rethrown. A refused config still uses up its generation number, so a number
     * never names two different configs.
     */
    public ConfigSnapshot publish(ParsedConfig.Loaded loaded, Path source) {
        publishing.lock(); // serialises generations; readers never wait on it
        try {
            ConfigSnapshot previous = current.get();
            long generation = ++lastGeneration;
            ConfigSnapshot next = new ConfigSnapshot(loaded.config(), generation, loaded.sha256(), clock.instant(), source, loaded.problems());
            current.set(next);
            try {
                for (Consumer<ConfigSnapshot> l : listeners) l.accept(next);
            } catch (RuntimeException e) {
                current.set(previous);
                if (previous != null) {
                    for (Consumer<ConfigSnapshot> l : listeners) {
                        try {
                            l.accept(previous);
                        } catch (RuntimeException again) {
                            e.addSuppressed(again);
                        }
                    }
                }
                throw e;
            }
            return next;
        } finally {
            publishing.unlock();
        }
    }
}
