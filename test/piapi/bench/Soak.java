package piapi.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Streaming load for a long time (`make bench SOAK=600`): many SSE streams through piapi, back to back,
 * while piapi's RSS and heap are sampled. Memory is flat when, after warm-up, neither the RSS nor the live
 * heap (measured after a forced GC at the end of warm-up and at the end) keeps growing.
 */
final class Soak {
    /** One sample: seconds since the start, RSS and heap in use (MiB), streams completed so far. */
    record Sample(long second, double rssMiB, double heapUsedMiB, long streams) {}

    /** The outcome: samples, and live heap after a full GC at warm-up end and at the end. */
    record Result(List<Sample> samples, double rssAfterWarmup, double rssEndMax, double liveAfterWarmup, double liveAtEnd, long errors) {
        double rssGrowth() {
            return rssEndMax / rssAfterWarmup - 1;
        }

        double liveGrowthMiB() {
            return liveAtEnd - liveAfterWarmup;
        }
    }

    private Soak() {}

    static Result run(PiapiProcess piapi, int seconds, int streams) throws Exception {
        Path jdkBin = Path.of(System.getProperty("java.home"), "bin");
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder completed = new LongAdder();
        LongAdder errors = new LongAdder();
        long warmup = Math.max(30, seconds / 10);
        List<Sample> samples = new ArrayList<>();
        double liveAfterWarmup = -1;
        double rssAfterWarmup = -1;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < streams; i++) {
                pool.submit(() -> {
                    while (running.get()) {
                        try {
                            SseProbe.run(piapi.port, "/piapi/bench/v1/sse/chat/completions", PiapiProcess.USER_KEY, 1, 100, 10);
                            completed.increment();
                        } catch (Exception e) {
                            errors.increment();
                        }
                    }
                    return null;
                });
            }
            long start = System.nanoTime();
            System.out.printf("  %6s %9s %10s %9s%n", "second", "RSS MiB", "heap MiB", "streams");
            for (long next = 10; next <= seconds; next += 10) {
                TimeUnit.NANOSECONDS.sleep(start + TimeUnit.SECONDS.toNanos(next) - System.nanoTime());
                Sample s = new Sample(next, piapi.memoryMiB("VmRSS"), heapUsedMiB(jdkBin, piapi.pid()), completed.sum());
                samples.add(s);
                System.out.printf("  %6d %9.1f %10.1f %9d%n", s.second(), s.rssMiB(), s.heapUsedMiB(), s.streams());
                if (liveAfterWarmup < 0 && next >= warmup) {
                    liveAfterWarmup = liveHeapMiB(jdkBin, piapi.pid());
                    rssAfterWarmup = s.rssMiB();
                    System.out.printf("  warm-up over: live heap after a full GC %.1f MiB, RSS %.1f MiB%n", liveAfterWarmup, rssAfterWarmup);
                }
            }
            running.set(false);
        }
        double liveAtEnd = liveHeapMiB(jdkBin, piapi.pid());
        double rssEndMax = samples.subList(samples.size() * 2 / 3, samples.size()).stream().mapToDouble(Sample::rssMiB).max().orElse(-1);
        return new Result(samples, rssAfterWarmup, rssEndMax, liveAfterWarmup, liveAtEnd, errors.sum());
    }

    /** Heap in use from jstat -gc (survivors + eden + old), MiB. */
    private static double heapUsedMiB(Path jdkBin, long pid) throws IOException, InterruptedException {
        String[] lines = exec(jdkBin.resolve("jstat").toString(), "-gc", String.valueOf(pid)).strip().split("\n");
        String[] names = lines[0].trim().split("\\s+");
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        double kib = 0;
        for (int i = 0; i < names.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) kib += Double.parseDouble(values[i]);
        }
        return kib / 1024;
    }

    /** Forces a full GC (jcmd GC.run) and returns the heap then in use: what is really retained. */
    private static double liveHeapMiB(Path jdkBin, long pid) throws IOException, InterruptedException {
        exec(jdkBin.resolve("jcmd").toString(), String.valueOf(pid), "GC.run");
        return heapUsedMiB(jdkBin, pid);
    }

    private static String exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }
}
