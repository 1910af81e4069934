package piapi.observe;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;

/** Heap, threads, GC and uptime from the platform MXBeans (module {@code java.management}), read when scraped. */
final class JvmMetrics {
    private JvmMetrics() {}

    static void register(Metrics m) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        m.gauge("piapi_jvm_heap_used_bytes", "Heap memory in use.").labels()
                .setSupplier(() -> memory.getHeapMemoryUsage().getUsed());
        m.gauge("piapi_jvm_heap_committed_bytes", "Heap memory committed by the JVM.").labels()
                .setSupplier(() -> memory.getHeapMemoryUsage().getCommitted());
        m.gauge("piapi_jvm_heap_max_bytes", "Largest heap the JVM may use (-Xmx); -1 when undefined.").labels()
                .setSupplier(() -> memory.getHeapMemoryUsage().getMax());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        m.gauge("piapi_jvm_threads_live", "Live platform threads (virtual threads, one per request, are not included).")
                .labels().setSupplier(threads::getThreadCount);
        Counter collections = m.counter("piapi_jvm_gc_collections_total", "Garbage collections, by collector.", "gc");
        Counter gcTime = m.counter("piapi_jvm_gc_collection_seconds_total",
                "Time spent in garbage collection, by collector (approximate for concurrent collectors).", "gc");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections.labels(gc.getName()).setSupplier(() -> Math.max(0, gc.getCollectionCount()));
            gcTime.labels(gc.getName()).setSupplier(() -> Math.max(0, gc.getCollectionTime()) / 1e3);
        }
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        m.gauge("piapi_process_uptime_seconds", "Seconds since the JVM started.").labels()
                .setSupplier(() -> runtime.getUptime() / 1e3);
        double start = runtime.getStartTime() / 1e3;
        m.gauge("piapi_process_start_time_seconds", "When the JVM started, in seconds since the Unix epoch.").labels().set(start);
    }
}
