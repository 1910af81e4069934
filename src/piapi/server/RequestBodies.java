package piapi.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import piapi.config.DataDir;
import piapi.observe.Counter;
import piapi.observe.Events;
import piapi.observe.Gauge;
import piapi.observe.Metrics;

/**
 * Where request bodies are kept while their requests run: in memory within a budget shared by all requests
 * ({@code limits.requestBodyMemory}), else in a temporary file. A file is created with mode 0600 and removed
 * from its directory as soon as it is open (as nginx does with its client body files), so nothing is left
 * behind however the request, or the process, ends; its space is freed when the request closes it.
 */
public final class RequestBodies {
    private static final Set<OpenOption> SPILL_OPTIONS = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
    private static final FileAttribute<?>[] OWNER_ONLY = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
    private static final long REFUSAL_LOG_INTERVAL = 60_000_000_000L;

    private final MemoryBudget memory;
    private final Path spillDirectory;
    private final AtomicLong onDisk = new AtomicLong();
    private final Counter.Child spills;
    private final Events events;
    /** When a refusal of the disk was last logged (System.nanoTime), so a full disk under load logs once a minute. */
    private final AtomicLong lastRefusalLogged = new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL);

    public RequestBodies(MemoryBudget memory, Path spillDirectory, Metrics metrics, Events events) {
        this.memory = memory;
        this.spillDirectory = spillDirectory;
        this.events = events;
        Gauge buffered = metrics.gauge("piapi_request_body_bytes_buffered",
                "Bytes of request bodies held for requests in progress, in memory (within limits.requestBodyMemory) or on disk.", "where");
        memory.expose(buffered.labels("memory"), metrics.gauge("piapi_request_body_memory_limit_bytes",
                "The memory budget for request bodies in progress (limits.requestBodyMemory) in bytes.").labels());
        buffered.labels("disk").setSupplier(onDisk::get);
        this.spills = metrics.counter("piapi_request_body_spills_total",
                "Request bodies kept in a temporary file because the memory budget had no room for them.").labels();
    }

    /**
     * {@code <data dir>/tmp} when the data dir can be written, else the system's temporary directory: bodies
     * that do not fit in memory go there.
     */
    public static Path spillDirectory(DataDir dataDir) {
        if (dataDir.writable()) {
            try {
                return dataDir.subdirectory("tmp");
            } catch (IOException e) {
                // the system's temporary directory will do
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    public Path spillDirectory() {
        return spillDirectory;
    }

    MemoryBudget memory() {
        return memory;
    }

    /** A new, empty temporary file for one body; thrown when the disk refuses to create it. */
    SpillFile spill() throws SpillFile.DiskRefused {
        for (int tries = 0; ; tries++) {
            Path path = spillDirectory.resolve("piapi-body-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
            try {
                SpillFile file = new SpillFile(FileChannel.open(path, SPILL_OPTIONS, OWNER_ONLY), onDisk);
                spills.inc();
                return file;
            } catch (FileAlreadyExistsException e) {
                if (tries == 3) throw new SpillFile.DiskRefused(e);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                throw new SpillFile.DiskRefused(e);
            }
        }
    }

    /** A body could not be written to disk: said in the log, at most once a minute. */
    void diskRefused(SpillFile.DiskRefused e) {
        long last = lastRefusalLogged.get();
        long now = System.nanoTime();
        if (now - last < REFUSAL_LOG_INTERVAL || !lastRefusalLogged.compareAndSet(last, now)) return;
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        events.warn("request_body_spill_failed", "directory", spillDirectory.toString(), "exception", cause.getClass().getName(),
                "message", String.valueOf(cause.getMessage()),
                "effect", "requests whose bodies do not fit in the memory budget get 503 with Retry-After until the disk takes files again");
    }
}
