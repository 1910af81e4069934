package piapi.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs wrk (a separate process, so its CPU is not ours) and reads its exact figures: a Lua {@code done}
 * hook prints requests, duration, errors and latency percentiles in microseconds on one line.
 */
final class Wrk {
    /** One wrk run. */
    record Result(int connections, long requests, double seconds, long errors, long non2xx, double p50Ms, double p99Ms) {
        double rps() {
            return requests / seconds;
        }
    }

    private static final String SCRIPT = """
            wrk.method = "POST"
            wrk.body = '{"model":"bench-model","messages":[{"role":"user","content":"Say hello"}],"stream":false}'
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Authorization"] = "Bearer %s"
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("BENCH requests=%%d duration_us=%%d errors=%%d non2xx=%%d p50_us=%%d p99_us=%%d\\n",
                summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
                latency:percentile(50), latency:percentile(99)))
            end
            """;

    private final Path wrk;
    private final Path script;

    private Wrk(Path wrk, Path script) {
        this.wrk = wrk;
        this.script = script;
    }

    /** wrk from PATH, or null when it is not installed. */
    static Path find() {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "wrk");
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    static Wrk create(Path wrk, Path workDir, String bearerKey) throws IOException {
        Path script = workDir.resolve("bench.lua");
        Files.writeString(script, SCRIPT.formatted(bearerKey), StandardCharsets.UTF_8);
        return new Wrk(wrk, script);
    }

    Result run(String url, int connections, int seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(wrk.toString(), "-t", "1", "-c", String.valueOf(connections),
                "-d", seconds + "s", "--timeout", "10s", "-s", script.toString(), url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        String line = out.lines().filter(l -> l.startsWith("BENCH ")).findFirst().orElse(null);
        if (status != 0 || line == null) throw new IOException("wrk failed (status " + status + "):\n" + out);
        Map<String, Long> v = new HashMap<>();
        for (String kv : line.substring(6).trim().split(" ")) {
            int eq = kv.indexOf('=');
            v.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
        }
        return new Result(connections, v.get("requests"), v.get("duration_us") / 1e6, v.get("errors"), v.get("non2xx"),
                v.get("p50_us") / 1000.0, v.get("p99_us") / 1000.0);
    }
}
