package piapi.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The usage tap's cost alone, for working on it: one piapi bundle against the benchmark upstream, then c=64
 * rounds taken in turns on A (a Chat Completions path, usage read) and B (a path of no known protocol), each with
 * its throughput and piapi's CPU per request, and their ratios. {@code make bench} runs the same comparison among
 * everything else; this is the quick loop. Arguments: {@code --dist DIR [--rounds N] [--seconds S] [--opts JAVA_OPTS]}.
 */
public final class UsageTapAB {
    private UsageTapAB() {}

    public static void main(String[] args) throws Exception {
        Path dist = null;
        int rounds = 4, seconds = 8;
        String opts = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--dist" -> dist = Path.of(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--opts" -> opts = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (dist == null) throw new IllegalArgumentException("--dist DIR is required");
        Path work = Files.createDirectories(Path.of("build/bench-usagetap"));
        Wrk wrk = Wrk.create(Wrk.find(), work, PiapiProcess.USER_KEY);
        try (BenchUpstream upstream = new BenchUpstream();
             PiapiProcess piapi = PiapiProcess.start(dist, PiapiProcess.writeConfig(work, upstream.port()), null,
                     work.resolve("piapi-stderr.log"), opts)) {
            String a = piapi.url("/piapi/bench/v1/fixed/chat/completions"), b = piapi.url("/piapi/bench/v1/fixed");
            String pid = String.valueOf(piapi.pid());
            // a long warm-up: the first measured run after a short one is slowed by the JIT still compiling, whichever side it is
            for (int i = 0; i < 2; i++) {
                wrk.run(a, 64, seconds);
                wrk.run(b, 64, seconds);
            }
            double rpsRatio = 0, cpuRatio = 0;
            for (int round = 1; round <= rounds; round++) {
                boolean aFirst = round % 2 == 1;
                double[] first = run(wrk, aFirst ? a : b, pid, seconds), second = run(wrk, aFirst ? b : a, pid, seconds);
                double[] ra = aFirst ? first : second, rb = aFirst ? second : first;
                rpsRatio += ra[0] / rb[0];
                cpuRatio += ra[1] / rb[1];
                System.out.printf("round %d%s: A %.0f r/s %.1f us/req | B %.0f r/s %.1f us/req | A/B r/s %.3f cpu %.3f%n", round,
                        aFirst ? " (A first)" : " (B first)", ra[0], ra[1], rb[0], rb[1], ra[0] / rb[0], ra[1] / rb[1]);
            }
            System.out.printf("mean over %d rounds: A/B r/s %.3f, A/B cpu/req %.3f%n", rounds, rpsRatio / rounds, cpuRatio / rounds);
        }
    }

    private static double[] run(Wrk wrk, String url, String pid, int seconds) throws Exception {
        double cpu0 = CpuTime.millis(pid);
        Wrk.Result r = wrk.run(url, 64, seconds);
        return new double[] {r.rps(), (CpuTime.millis(pid) - cpu0) * 1000 / r.requests()};
    }
}
