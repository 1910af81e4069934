package piapi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code make bench}: piapi (the release bundle, launched as shipped) in front of a fast loopback
 * upstream, against the same upstream hit directly, in one run. Prints throughput and p50/p99 latency at
 * concurrency 1, 16 and 64 with ratios, the SSE delay added per event, piapi's peak RSS, startup to the
 * first served request, a SIGTERM stop, optionally a memory soak, and checks the performance budget.
 * Every figure is measured {@code --rounds} times (default 2); the machine may be shared, so ratios
 * against the direct figure of the same round are what to compare. Exits 1 when a budget is missed,
 * 2 when it cannot run (wrk missing).
 * <p>
 * A main program, not a test: {@code make test} does not run it.
 */
public final class Bench {
    private static final int[] CONCURRENCY = {1, 16, 64};

    private final Path dist;
    private final int seconds;
    private final int rounds;
    private final int soakSeconds;
    private final String piapiOpts;
    private final boolean skipStartup;
    private final Budget budget = new Budget();
    /** Which parts run: "all", "load" (everything but the concurrent streams) or "streams". */
    private String only = "all";
    private int[] streamCounts = {1000, 4000};
    private boolean nginx;

    private Bench(Path dist, int seconds, int rounds, int soakSeconds, String piapiOpts, boolean skipStartup) {
        this.dist = dist;
        this.seconds = seconds;
        this.rounds = rounds;
        this.soakSeconds = soakSeconds;
        this.piapiOpts = piapiOpts;
        this.skipStartup = skipStartup;
    }

    public static void main(String[] args) throws Exception {
        Path dist = null;
        int seconds = 10, rounds = 2, soak = 0;
        String piapiOpts = null; // e.g. "-XX:StartFlightRecording=filename=build/bench/piapi.jfr,settings=profile" to profile
        boolean skipStartup = false;
        String only = "all", streams = "1000,4000";
        boolean nginx = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--only" -> only = args[i + 1];
                case "--streams" -> streams = args[i + 1];
                case "--nginx" -> nginx = Boolean.parseBoolean(args[i + 1]);
                case "--piapi-opts" -> piapiOpts = args[i + 1];
                case "--startup" -> skipStartup = !Boolean.parseBoolean(args[i + 1]);
                case "--dist" -> dist = Path.of(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--soak" -> soak = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dist == null || !Files.isExecutable(dist.resolve("bin/piapi"))) {
            System.err.println("bench: --dist must name an unpacked bundle with bin/piapi (make bench builds it)");
            System.exit(2);
        }
        Path wrk = Wrk.find();
        if (wrk == null) {
            System.err.println("bench: wrk is not installed. Install it (Debian/Ubuntu: apt-get install wrk) and run make bench again.");
            System.exit(2);
        }
        System.setProperty("sun.net.httpserver.nodelay", "true"); // the upstream gets piapi's server setting
        Locale.setDefault(Locale.ROOT);
        Bench bench = new Bench(dist, seconds, rounds, soak, piapiOpts, skipStartup);
        bench.only = only;
        bench.nginx = nginx;
        bench.streamCounts = streams.isBlank() ? new int[0] : java.util.Arrays.stream(streams.split(",")).mapToInt(Integer::parseInt).toArray();
        System.exit(bench.run(wrk) ? 0 : 1);
    }

    private boolean run(Path wrkPath) throws Exception {
        Path work = Files.createDirectories(Path.of("build/bench"));
        // every run starts with an empty usage ledger: piapi rebuilds the month's quota counters from it at start,
        // and a previous run's hundreds of thousands of lines would be measured as startup time
        deleteTree(work.resolve("piapi-data"));
        Machine.print(dist);
        bundleSize();
        if (!only.equals("streams")) requestLoad(wrkPath, work);
        if (only.equals("all") || only.equals("streams")) {
            if (streamCounts.length == 0) budget.skip("concurrent streams", "--streams empty");
            else new StreamsBench(dist, work, piapiOpts, budget).run(streamCounts, nginx);
        }
        return budget.print();
    }

    private void requestLoad(Path wrkPath, Path work) throws Exception {
        try (BenchUpstream upstream = new BenchUpstream()) {
            Path config = PiapiProcess.writeConfig(work, upstream.port());
            Path errors = work.resolve("piapi-stderr.log");
            Files.deleteIfExists(errors);
            if (skipStartup) budget.skip("startup to first served request", "--startup false"); else startup(config, work, errors);
            if (only.equals("startup")) return;
            Wrk wrk = Wrk.create(wrkPath, work, PiapiProcess.USER_KEY);
            try (PiapiProcess piapi = PiapiProcess.start(dist, config, null, errors, piapiOpts)) {
                if (piapiOpts != null) System.out.println("\npiapi started with PIAPI_JAVA_OPTS=" + piapiOpts);
                String direct = "http://127.0.0.1:" + upstream.port() + "/v1/fixed";
                // a Chat Completions path, so piapi reads each answer's usage as it would in production
                String via = piapi.url("/piapi/bench/v1/fixed/chat/completions");
                idleRss(piapi, wrk, via);
                System.out.println("\nwarm-up: " + seconds + " s through piapi, 3 s direct (JIT, connection pools)");
                wrk.run(via, 16, seconds);
                wrk.run(direct, 16, 3);
                load(wrk, direct, via, piapi);
                double peak = piapi.memoryMiB("VmHWM");
                System.out.printf("%npiapi peak RSS (VmHWM) after the load up to c=64: %.1f MiB%n", peak);
                budget.check("peak RSS under the load up to c=64", String.format("%.1f MiB", peak), "<= 128 MiB", peak <= 128);
                sse(upstream, piapi);
                usageTapAB(wrk, upstream, piapi);
                Thread.sleep(5000);
                System.out.printf("piapi RSS idle 5 s after the load: %.1f MiB%n", piapi.memoryMiB("VmRSS"));
                if (soakSeconds > 0) soak(piapi);
                PiapiProcess.Stopped stopped = piapi.stop();
                System.out.printf("%nSIGTERM with nothing in flight: exit status %d after %.0f ms%n", stopped.status(), stopped.millis());
                budget.check("SIGTERM when idle exits 0", "status " + stopped.status(), "0", stopped.status() == 0);
            }
        }
        if (soakSeconds == 0) budget.skip("memory flat over a 10-minute streaming soak", "run: make bench SOAK=600");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /**
     * Spawn to the first proxied 200, as shipped (with the ahead-of-time cache when the bundle has one) and with
     * the cache turned off, taken in turns so both see the same machine; medians of seven each.
     */
    private void startup(Path config, Path work, Path errors) throws Exception {
        boolean cache = Files.exists(dist.resolve("lib/piapi.aot"));
        System.out.println("\nstartup: bin/piapi spawned until a proxied chat request through it answers 200"
                + (cache ? "; A = as shipped (ahead-of-time cache), B = -XX:AOTMode=off, in turns" : " (the bundle has no AOT cache)"));
        List<Double> shipped = new ArrayList<>(), without = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            shipped.add(startOnce(config, work.resolve("startup-" + i + ".log"), errors, null, i, "A"));
            if (cache) without.add(startOnce(config, work.resolve("startup-" + i + "-noaot.log"), errors, "-XX:AOTMode=off", i, "B"));
        }
        double median = median(shipped);
        if (cache) {
            double b = median(without);
            System.out.printf("  median: A %.0f ms, B %.0f ms (A/B %.2f)%n", median, b, median / b);
        } else {
            System.out.printf("  median %.0f ms%n", median);
        }
        budget.check("start: spawn to first proxied 200 (median of 7)", String.format("%.0f ms", median), "<= 250 ms", median <= 250);
    }

    private double startOnce(Path config, Path log, Path errors, String opts, int run, String which) throws Exception {
        try (PiapiProcess p = PiapiProcess.startProxied(dist, config, log, errors, opts)) {
            PiapiProcess.Stopped stopped = p.stop();
            System.out.printf("  run %d %s: %.0f ms (started event: startup_ms %d); SIGTERM -> exit %d in %.0f ms%n",
                    run, which, p.startupMs, p.loggedStartupMs(), stopped.status(), stopped.millis());
            return p.startupMs;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** RSS of a fresh piapi that has served a few requests and has nothing in flight. */
    private void idleRss(PiapiProcess piapi, Wrk wrk, String via) throws Exception {
        wrk.run(via, 1, 1);
        Thread.sleep(2000);
        double idle = piapi.memoryMiB("VmRSS");
        System.out.printf("%npiapi RSS idle after start and one second of requests: %.1f MiB%n", idle);
        budget.check("RSS idle (after start and a few requests)", String.format("%.1f MiB", idle), "<= 64 MiB", idle <= 64);
    }

    /** The release archive beside the unpacked bundle: it must stay small enough to ship and pull quickly. */
    private void bundleSize() throws IOException {
        Path tgz = dist.resolveSibling(dist.getFileName() + ".tar.gz");
        if (!Files.exists(tgz)) {
            budget.skip("bundle size", tgz + " not found");
            return;
        }
        double mb = Files.size(tgz) / (1024.0 * 1024.0);
        System.out.printf("bundle %s: %.1f MB compressed%s%n", tgz.getFileName(), mb,
                Files.exists(dist.resolve("lib/piapi.aot")) ? " (with the ahead-of-time cache)" : "");
        budget.check("bundle compressed", String.format("%.1f MB", mb), "< 35 MB", mb < 35);
    }

    private void load(Wrk wrk, String direct, String via, PiapiProcess piapi) throws IOException, InterruptedException {
        System.out.printf("%nfixed JSON reply (%d bytes), POST, %d s per point, wrk -t1:%n", BenchUpstream.FIXED.length, seconds);
        System.out.println("  (cpu us/req: CPU time per request of the upstream's JVM when direct, of piapi's JVM through piapi)");
        System.out.printf("  %5s %3s | %10s %8s %8s %7s | %10s %8s %8s %7s | %7s %9s %9s %s%n", "round", "c", "direct r/s", "p50 ms",
                "p99 ms", "cpu us", "piapi r/s", "p50 ms", "p99 ms", "cpu us", "ratio", "+p50 ms", "+p99 ms", "errors");
        for (int round = 1; round <= rounds; round++) {
            for (int c : CONCURRENCY) {
                double cpu0 = CpuTime.millis("self");
                Wrk.Result d = wrk.run(direct, c, seconds);
                double directCpuUs = (CpuTime.millis("self") - cpu0) * 1000 / d.requests();
                String pid = String.valueOf(piapi.pid());
                double piapiCpu0 = CpuTime.millis(pid);
                Wrk.Result p = wrk.run(via, c, seconds);
                double piapiCpuUs = (CpuTime.millis(pid) - piapiCpu0) * 1000 / p.requests();
                double ratio = p.rps() / d.rps();
                System.out.printf("  %5d %3d | %10.0f %8.3f %8.3f %7.0f | %10.0f %8.3f %8.3f %7.0f | %6.2fx %9.3f %9.3f %d/%d%n", round, c,
                        d.rps(), d.p50Ms(), d.p99Ms(), directCpuUs, p.rps(), p.p50Ms(), p.p99Ms(), piapiCpuUs, ratio, p.p50Ms() - d.p50Ms(),
                        p.p99Ms() - d.p99Ms(), d.errors() + d.non2xx(), p.errors() + p.non2xx());
                if (c == 64) {
                    budget.check("throughput via piapi / direct at c=64, round " + round, String.format("%.2fx", ratio), ">= 0.40x", ratio >= 0.4);
                }
                if (c == 64) {
                    budget.check("CPU per proxied request at c=64, round " + round, String.format("%.0f us", piapiCpuUs), "<= 80 us",
                            piapiCpuUs <= 80);
                }
                if (c == 1) {
                    double added = p.p50Ms() - d.p50Ms();
                    budget.check("added p50 latency at c=1, round " + round, String.format("%.3f ms", added), "<= 0.2 ms", added <= 0.2);
                }
                if (p.errors() + p.non2xx() > 0) budget.check("no errors through piapi at c=" + c, (p.errors() + p.non2xx()) + " errors", "0", false);
            }
        }
    }

    private void sse(BenchUpstream upstream, PiapiProcess piapi) throws Exception {
        int streams = 4, events = 200, gap = 10;
        System.out.printf("%nSSE: %d concurrent streams x %d events, %d ms apart; delay = arrival - send time written in the event%n",
                streams, events, gap);
        System.out.printf("  %5s | %-28s | %-28s | %9s %9s %s%n", "round", "direct mean/p99/max ms", "piapi mean/p99/max ms",
                "+mean ms", "+max ms", "held back");
        for (int round = 1; round <= rounds; round++) {
            SseProbe.Delays d = SseProbe.run(upstream.port(), "/v1/sse", null, streams, events, gap);
            SseProbe.Delays p = SseProbe.run(piapi.port, "/piapi/bench/v1/sse/chat/completions", PiapiProcess.USER_KEY, streams, events, gap);
            double addedMean = p.mean() - d.mean();
            double addedMax = p.max() - d.mean(); // the worst event through piapi against a typical direct event
            System.out.printf("  %5d | %8.3f %8.3f %8.3f     | %8.3f %8.3f %8.3f     | %9.3f %9.3f %d%n", round, d.mean(), d.percentile(99),
                    d.max(), p.mean(), p.percentile(99), p.max(), addedMean, addedMax, p.heldBack());
            budget.check("SSE added delay per event, mean, round " + round, String.format("%.3f ms", addedMean), "< 1 ms", addedMean < 1);
            budget.check("SSE added delay per event, max, round " + round, String.format("%.3f ms", addedMax), "< 5 ms", addedMax < 5);
            budget.check("SSE events held back past the next event, round " + round, String.valueOf(p.heldBack()), "0", p.heldBack() == 0);
        }
    }

    /**
     * The usage meter's cost, A/B in one process: A is a Chat Completions path, whose answers the usage tap parses
     * for their token counts; B is the same upstream under a path of no known protocol, where the tap passes each
     * chunk to a meter that has nothing to read (everything else, the ledger line included, is the same). Taken in
     * turns, c=64 throughput and CPU per request, then SSE delay.
     */
    private void usageTapAB(Wrk wrk, BenchUpstream upstream, PiapiProcess piapi) throws Exception {
        String tapped = piapi.url("/piapi/bench/v1/fixed/chat/completions"), untapped = piapi.url("/piapi/bench/v1/fixed");
        System.out.printf("%nusage tap: A = .../chat/completions (usage read), B = a path of no known protocol (nothing to read)%n");
        String pid = String.valueOf(piapi.pid());
        for (int round = 1; round <= rounds; round++) {
            boolean aFirst = round % 2 == 1; // the order alternates, so neither side always meets the other's garbage
            double[] cpu = new double[2];
            Wrk.Result first = measured(wrk, aFirst ? tapped : untapped, pid, cpu, 0);
            Wrk.Result second = measured(wrk, aFirst ? untapped : tapped, pid, cpu, 1);
            Wrk.Result a = aFirst ? first : second, b = aFirst ? second : first;
            double aUs = cpu[aFirst ? 0 : 1], bUs = cpu[aFirst ? 1 : 0];
            System.out.printf("  round %d, c=64" + (aFirst ? " (A first)" : " (B first)") + ": A %.0f r/s %.0f us/req p99 %.3f ms | B %.0f r/s %.0f us/req p99 %.3f ms | A/B r/s %.3f%n", round,
                    a.rps(), aUs, a.p99Ms(), b.rps(), bUs, b.p99Ms(), a.rps() / b.rps());
            budget.check("usage tap: throughput A/B at c=64, round " + round, String.format("%.3f", a.rps() / b.rps()), ">= 0.95",
                    a.rps() / b.rps() >= 0.95);
            SseProbe.Delays d = SseProbe.run(upstream.port(), "/v1/sse", null, 4, 200, 10);
            SseProbe.Delays sa = SseProbe.run(piapi.port, "/piapi/bench/v1/sse/chat/completions", PiapiProcess.USER_KEY, 4, 200, 10);
            SseProbe.Delays sb = SseProbe.run(piapi.port, "/piapi/bench/v1/sse", PiapiProcess.USER_KEY, 4, 200, 10);
            System.out.printf("  round %d, SSE added delay mean/p99/max ms: A %.3f/%.3f/%.3f | B %.3f/%.3f/%.3f (direct mean %.3f)%n", round,
                    sa.mean() - d.mean(), sa.percentile(99) - d.mean(), sa.max() - d.mean(), sb.mean() - d.mean(),
                    sb.percentile(99) - d.mean(), sb.max() - d.mean(), d.mean());
        }
    }

    /** A c=64 wrk run; {@code cpuUs[slot]} gets piapi's CPU time per request during it. */
    private Wrk.Result measured(Wrk wrk, String url, String pid, double[] cpuUs, int slot) throws IOException, InterruptedException {
        double cpu0 = CpuTime.millis(pid);
        Wrk.Result r = wrk.run(url, 64, seconds);
        cpuUs[slot] = (CpuTime.millis(pid) - cpu0) * 1000 / r.requests();
        return r;
    }

    private void soak(PiapiProcess piapi) throws Exception {
        int streams = 64;
        System.out.printf("%nsoak: %d s of streaming load, %d concurrent SSE streams of 100 events 10 ms apart, back to back%n",
                soakSeconds, streams);
        Soak.Result r = Soak.run(piapi, soakSeconds, streams);
        System.out.printf("  RSS after warm-up %.1f MiB, highest in the last third %.1f MiB (%+.1f%%); live heap after full GC: "
                + "%.1f MiB after warm-up, %.1f MiB at the end; stream errors %d%n", r.rssAfterWarmup(), r.rssEndMax(),
                r.rssGrowth() * 100, r.liveAfterWarmup(), r.liveAtEnd(), r.errors());
        budget.check("soak: RSS growth after warm-up", String.format("%+.1f%%", r.rssGrowth() * 100), "< +10%", r.rssGrowth() < 0.10);
        budget.check("soak: live heap growth after warm-up", String.format("%+.1f MiB", r.liveGrowthMiB()), "< +4 MiB", r.liveGrowthMiB() < 4);
        budget.check("soak: stream errors", String.valueOf(r.errors()), "0", r.errors() == 0);
        System.out.printf("  peak RSS (VmHWM) after the soak: %.1f MiB%n", piapi.memoryMiB("VmHWM"));
    }

    /** The machine and runtime the figures come from, for the README's performance section. */
    static final class Machine {
        static void print(Path dist) throws IOException {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            String java = Files.readAllLines(dist.resolve("runtime/release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .findFirst().map(l -> l.substring(13).replace("\"", "")).orElse("?");
            String flags = Files.readAllLines(dist.resolve("bin/piapi")).stream().filter(l -> l.trim().startsWith("-X"))
                    .findFirst().orElse("?").trim();
            System.out.printf("piapi bench, %s; %d cores (%s); piapi runtime Java %s (bundle %s); bench JVM %s%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpu, java, dist.getFileName(), Runtime.version());
            System.out.println("launcher JVM flags: " + flags);
            System.out.println("note: on a shared machine absolute figures are noisy; compare the ratios to direct in the same round");
        }
    }
}
