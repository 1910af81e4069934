package piapi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used (user + system), from /proc. CPU per request is the figure that stays
 * meaningful on a busy shared machine, where throughput and latency swing with the neighbours' load.
 */
final class CpuTime {
    private CpuTime() {}

    /** Milliseconds of CPU used so far by {@code pid} ("self" for this JVM). */
    static double millis(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0; // utime, stime (fields 14, 15) in 10 ms ticks
    }
}
