package piapi.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * How long piapi took from process start to serving, for the {@code started} event. The launcher
 * ({@code bin/piapi}) passes its own start time in microseconds as {@value #LAUNCH_PROPERTY}, so the
 * figure includes the JVM's boot. Without it, Linux's /proc gives the process start to 10 ms. Both are
 * cheap: {@code RuntimeMXBean} would load java.management (about 20 ms here), and
 * {@code ProcessHandle.Info.startInstant()} is derived from the boot time in whole seconds, so it can be
 * a second off.
 */
public final class StartupTime {
    static final String LAUNCH_PROPERTY = "piapi.launchMicros";
    /** USER_HZ: the unit of /proc/[pid]/stat times; 100 on every Linux architecture piapi ships for. */
    private static final double TICKS_PER_SECOND = 100.0;

    private StartupTime() {}

    /** Milliseconds since the process started, or null when that cannot be known here. */
    public static Long sinceProcessStartMillis() {
        String launched = System.getProperty(LAUNCH_PROPERTY);
        if (launched != null && !launched.isEmpty()) {
            try {
                Instant now = Instant.now();
                long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
                return (nowMicros - Long.parseLong(launched)) / 1_000;
            } catch (NumberFormatException e) {
                // fall through to /proc
            }
        }
        return fromProc();
    }

    private static Long fromProc() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String uptime = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII);
            // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double startedAfterBoot = Long.parseLong(fields[19]) / TICKS_PER_SECOND; // field 22, starttime
            double sinceBoot = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            return Math.round((sinceBoot - startedAfterBoot) * 1000);
        } catch (IOException | RuntimeException e) {
            return null; // not Linux, or /proc not mounted
        }
    }
}
