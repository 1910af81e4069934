package piapi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Thousands of concurrent streams: N long SSE streams (30 events 1 s apart, opened evenly over 5 s) held
 * at once, sent straight to the upstream and then through piapi (and through nginx for reference), in one
 * run. The load generator and the fake upstream are separate single-threaded NIO processes pinned to
 * CPU 0; piapi (or nginx) is pinned to CPU 1. For each N it prints intact streams, each event's delay
 * (p50/p99/max) and what piapi adds to the direct figures, piapi's RSS idle and at the plateau (every
 * stream open) and the memory per open stream, its GC pauses and its CPU.
 */
final class StreamsBench {
    static final int EVENTS = 30;
    static final int GAP_MS = 1000;
    static final int RAMP_MS = 5000;

    private final Path dist;
    private final Path work;
    private final String piapiOpts;
    private final Budget budget;
    private final int toolsCpu;
    private final int gatewayCpu;
    private final Path errors;

    StreamsBench(Path dist, Path work, String piapiOpts, Budget budget) {
        this.dist = dist;
        this.work = work;
        this.piapiOpts = piapiOpts;
        this.budget = budget;
        boolean pin = Runtime.getRuntime().availableProcessors() >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset"));
        this.toolsCpu = pin ? 0 : -1;
        this.gatewayCpu = pin ? 1 : -1;
        this.errors = work.resolve("streams-stderr.log");
    }

    /** One target's figures: the load generator's, and the process in the middle's (none when direct). */
    record Figures(String target, StreamResult load, double idleMiB, double plateauMiB, GcPauses gc, double cpuSeconds, boolean alive) {
        double perStreamKiB() {
            return load.answered() == 0 || plateauMiB < 0 ? Double.NaN : (plateauMiB - idleMiB) * 1024 / load.answered();
        }
    }

    void run(int[] counts, boolean nginx) throws Exception {
        Files.deleteIfExists(errors);
        System.out.printf("%nconcurrent streams: N SSE streams of %d events %d ms apart, opened evenly over %d s and held at once;%n",
                EVENTS, GAP_MS, RAMP_MS / 1000);
        System.out.printf("  load generator and upstream: one NIO thread each, own processes%s; %s%n",
                toolsCpu < 0 ? "" : ", pinned to CPU " + toolsCpu, gatewayCpu < 0 ? "no pinning (fewer than 2 CPUs or no taskset)"
                        : "piapi and nginx pinned to CPU " + gatewayCpu);
        System.out.println("  open files allowed: this JVM " + BenchChild.openFilesLimit(ProcessHandle.current().pid())
                + " (children inherit it; make bench raises it as far as the machine allows)");
        Nginx ng = nginx ? Nginx.find() : null;
        if (nginx && ng == null) System.out.println("  nginx reference skipped: nginx is not installed (apt-get install nginx-light)");
        try (BenchChild upstream = BenchChild.java(toolsCpu, errors, "piapi.bench.StreamUpstream")) {
            String listening = upstream.await(l -> l.startsWith("listening "), 20_000);
            if (listening == null) throw new IOException("the streams upstream did not start; see " + errors);
            int port = Integer.parseInt(listening.substring(10).trim());
            Path config = PiapiProcess.writeConfig(work, "config-streams.yaml", port);
            System.out.printf("  %6s %-7s | %11s %7s | %-22s | %-22s | %-16s %9s | %-34s | %s%n", "N", "target", "intact", "refused",
                    "delay p50/p99/max ms", "added p50/p99/max ms", "RSS idle->plateau", "KiB/strm", "GC pauses", "CPU");
            long allowed = parseLimit(BenchChild.openFilesLimit(ProcessHandle.current().pid()));
            for (int n : counts) {
                if (2L * n + 256 > allowed) { // piapi holds two descriptors a stream, plus its own
                    System.out.printf("  %6d skipped: it needs about %d open files in piapi, and the limit here is %d%n", n, 2L * n + 256, allowed);
                    budget.skip(n + " concurrent streams", "open-files limit " + allowed);
                    continue;
                }
                Figures direct = direct(port, n);
                print(n, direct, null);
                Figures piapi = piapi(config, n);
                print(n, piapi, direct);
                check(n, piapi, direct);
                if (ng != null) print(n, ng.measure(this, port, n), direct);
            }
            upstream.closeInput();
        }
    }

    private Figures direct(int port, int n) throws Exception {
        return new Figures("direct", load(port, "/v1/sse", null, n, RAMP_MS, EVENTS, GAP_MS, null), -1, -1, null, -1, true);
    }

    private Figures piapi(Path config, int n) throws Exception {
        Path gcLog = work.resolve("streams-gc-" + n + ".log");
        Files.deleteIfExists(gcLog);
        String opts = "-Xlog:gc:file=" + gcLog.toAbsolutePath() + (piapiOpts == null ? "" : " " + piapiOpts);
        try (PiapiProcess piapi = PiapiProcess.start(dist, config, null, errors, opts, gatewayCpu)) {
            // a Chat Completions path: each stream is read by its usage meter, as in production
            return measure("piapi", piapi.pid(), piapi.port, "/piapi/bench/v1/sse/chat/completions", PiapiProcess.USER_KEY, n, gcLog);
        }
    }

    /** Warms the process in the middle up, then runs the load through it while sampling its RSS. */
    Figures measure(String target, long pid, int port, String path, String bearer, int n, Path gcLog) throws Exception {
        StreamResult warm = load(port, path, bearer, 200, 1000, 5, 100, null);
        if (warm.intact() != 200) System.out.println("  (warm-up through " + target + ": " + warm.intact() + " of 200 intact)");
        Thread.sleep(2000);
        double idle = rssMiB(pid);
        long gcOffset = gcLog == null ? 0 : GcPauses.offset(gcLog);
        double cpu0 = CpuTime.millis(String.valueOf(pid));
        List<Double> plateau = Collections.synchronizedList(new ArrayList<>());
        StreamResult r = load(port, path, bearer, n, RAMP_MS, EVENTS, GAP_MS, new Sampler(pid, plateau));
        boolean alive = Files.exists(Path.of("/proc/" + pid));
        double cpu = alive ? (CpuTime.millis(String.valueOf(pid)) - cpu0) / 1000 : -1;
        double peak = plateau.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
        return new Figures(target, r, idle, peak, gcLog == null ? null : GcPauses.since(gcLog, gcOffset), cpu, alive);
    }

    /** Samples a process's RSS every 250 ms while the plateau lasts. */
    private record Sampler(long pid, List<Double> samples) {}

    private StreamResult load(int port, String path, String bearer, int n, int rampMs, int events, int gapMs, Sampler sampler)
            throws Exception {
        try (BenchChild load = BenchChild.java(toolsCpu, errors, "piapi.bench.StreamLoad", String.valueOf(port), path,
                bearer == null ? "-" : bearer, String.valueOf(n), String.valueOf(rampMs), String.valueOf(events), String.valueOf(gapMs))) {
            AtomicBoolean onPlateau = new AtomicBoolean();
            Thread sampling = sampler == null ? null : Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    if (onPlateau.get()) {
                        double rss = rssMiB(sampler.pid());
                        if (rss > 0) sampler.samples().add(rss);
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long timeout = rampMs + (long) events * gapMs + 60_000;
            String line;
            boolean over = false; // a stream answered 200 has ended: not every stream is open any more
            while ((line = load.await(l -> true, timeout)) != null && !line.startsWith("RESULT")) {
                if (line.startsWith("all-open") && !over) onPlateau.set(true);
                if (line.startsWith("first-done")) {
                    over = true;
                    onPlateau.set(false);
                }
            }
            if (sampling != null) sampling.interrupt();
            load.await(l -> false, 2000); // the OUTCOME lines
            load.waitFor(10_000);
            return StreamResult.parse(load.lines());
        }
    }

    private void check(int n, Figures piapi, Figures direct) {
        StreamResult p = piapi.load();
        if (n <= 4000) {
            budget.check(n + " streams: all intact", p.intact() + "/" + n, n + "/" + n, p.intact() == n);
            double addedP99 = p.p99Ms() - direct.load().p99Ms();
            budget.check(n + " streams: added per-event delay p99", String.format("%.1f ms", addedP99), "<= 5 ms", addedP99 <= 5);
            budget.check(n + " streams: memory per open stream", String.format("%.1f KiB", piapi.perStreamKiB()), "<= 40 KiB",
                    piapi.perStreamKiB() <= 40);
        } else {
            budget.check(n + " streams: piapi alive afterwards", piapi.alive() ? "alive" : "DIED", "alive", piapi.alive());
            budget.check(n + " streams: every accepted stream intact", p.intact() + "/" + p.answered() + " (" + p.refused() + " refused 503)",
                    "all", p.answered() > 0 && p.intact() == p.answered());
        }
    }

    private static void print(int n, Figures f, Figures direct) {
        StreamResult r = f.load();
        String added = direct == null ? "" : String.format("%+.1f / %+.1f / %+.1f", r.p50Ms() - direct.load().p50Ms(),
                r.p99Ms() - direct.load().p99Ms(), r.maxMs() - direct.load().maxMs());
        String rss = f.plateauMiB() < 0 ? "" : String.format("%.0f -> %.0f MiB", f.idleMiB(), f.plateauMiB());
        String perStream = f.plateauMiB() < 0 ? "" : String.format("%.1f", f.perStreamKiB());
        String cpu = f.cpuSeconds() < 0 ? (f.alive() ? "" : "process DIED") : String.format("%.1f s (%.0f us/event)",
                f.cpuSeconds(), f.cpuSeconds() * 1e6 / Math.max(1, r.events()));
        System.out.printf("  %6d %-7s | %5d/%-5d %7d | %-22s | %-22s | %-16s %9s | %-34s | %s%n", n, f.target(), r.intact(), n,
                r.refused(), String.format("%.1f / %.1f / %.1f", r.p50Ms(), r.p99Ms(), r.maxMs()), added, rss, perStream,
                f.gc() == null ? "" : f.gc(), cpu);
        for (String other : r.otherOutcomes()) System.out.println("           " + f.target() + ": " + other);
    }

    private static long parseLimit(String limit) {
        try {
            return limit.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(limit);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // unknown: try, and let the run show what happens
        }
    }

    /** VmRSS of a process in MiB, or -1 when it is gone. */
    static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    int gatewayCpu() {
        return gatewayCpu;
    }

    Path work() {
        return work;
    }

    Path errors() {
        return errors;
    }
}
