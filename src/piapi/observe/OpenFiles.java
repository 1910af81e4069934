package piapi.observe;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Open and maximum file descriptors and process CPU time, from {@code com.sun.management} (module
 * {@code jdk.management}). Kept in its own class so that a runtime image without that module only
 * loses these series (the caller catches the linkage error).
 */
final class OpenFiles {
    private OpenFiles() {}

    static void register(Metrics m) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            m.counter("piapi_process_cpu_seconds_total", "CPU time used by the process.").labels()
                    .setSupplier(() -> Math.max(0, sun.getProcessCpuTime()) / 1e9);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            m.gauge("piapi_process_open_fds", "Open file descriptors (sockets included).").labels()
                    .setSupplier(unix::getOpenFileDescriptorCount);
            m.gauge("piapi_process_max_fds", "Limit on open file descriptors (ulimit -n).").labels()
                    .setSupplier(unix::getMaxFileDescriptorCount);
        }
    }
}
