package piapi.observe;

import java.util.List;

/**
 * Process-level families: build info, dropped log lines, and JVM basics read from the platform MXBeans
 * when scraped (module {@code java.management}; open file descriptors and CPU time also need
 * {@code jdk.management}, and are left out when the runtime lacks it or the OS does not report them).
 */
public final class RuntimeMetrics {
    private RuntimeMetrics() {}

    /** Registers the families; returns the modules whose families had to be left out (empty when none). */
    public static List<String> register(Metrics m, BuildInfo build, LogSink logSink) {
        m.gauge("piapi_build_info", "piapi's version and commit, and the Java runtime it runs on; the value is always 1.",
                "version", "commit", "java_version").labels(build.version(), build.commit(), Runtime.version().toString()).set(1);
        m.counter("piapi_log_lines_dropped_total",
                "Log lines dropped because the output (stdout) could not keep up; never sampled otherwise.")
                .labels().setSupplier(logSink::dropped);
        // Each group lives in its own class, so a missing module fails when that class links, here.
        try {
            JvmMetrics.register(m);
        } catch (LinkageError e) { // a runtime image built without java.management: serve without these
            return List.of("java.management", "jdk.management");
        }
        try {
            OpenFiles.register(m);
        } catch (LinkageError e) {
            return List.of("jdk.management"); // the heap, thread and GC series still work
        }
        return List.of();
    }
}

