package piapi.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * piapi as the bundle runs it: {@code bin/piapi} of the unpacked dist (the jlink runtime and the
 * launcher's default JVM flags) in its own process, so its RSS is its own. {@code bin/piapi} execs the
 * JVM, so the process id is the JVM's.
 */
final class PiapiProcess implements AutoCloseable {
    static final String USER_KEY = "bench-user-key";

    private final Process process;
    final int port;
    /** Wall time from spawning the launcher to the first 200 (from /healthz, or proxied: see {@link #startProxied}). */
    final double startupMs;
    private final Path log;

    private PiapiProcess(Process process, int port, double startupMs, Path log) {
        this.process = process;
        this.port = port;
        this.startupMs = startupMs;
        this.log = log;
    }

    /** Writes the config for an upstream on {@code upstreamPort} into {@code dir}. */
    static Path writeConfig(Path dir, int upstreamPort) throws IOException {
        return writeConfig(dir, "config.yaml", upstreamPort);
    }

    static Path writeConfig(Path dir, String name, int upstreamPort) throws IOException {
        Path config = dir.resolve(name);
        Files.writeString(config, """
                providers:
                  - name: bench-upstream
                    apiKeys: { main: bench-provider-key }
                    services:
                      - { type: bench, baseUrl: "http://127.0.0.1:%d" }
                users:
                  - name: bench
                    apiKey: %s
                    services:
                      bench: { providerName: bench-upstream, providerKeyName: main }
                """.formatted(upstreamPort, USER_KEY), StandardCharsets.UTF_8);
        return config;
    }

    /**
     * Starts piapi; its stdout goes to {@code log} (null: discarded, as under load the access log is large),
     * its stderr is appended to {@code errors}.
     */
    static PiapiProcess start(Path dist, Path config, Path log, Path errors, String extraJavaOpts) throws IOException {
        return start(dist, config, log, errors, extraJavaOpts, -1);
    }

    /** As above, pinned to {@code cpu} with taskset when it is 0 or more (the launcher execs the JVM, which keeps the pin). */
    static PiapiProcess start(Path dist, Path config, Path log, Path errors, String extraJavaOpts, int cpu) throws IOException {
        return start(dist, config, log, errors, extraJavaOpts, cpu, HEALTHZ);
    }

    /**
     * Starts piapi and waits for the first proxied 200: a chat request through it to the benchmark upstream's
     * {@code /v1/fixed}. {@code startupMs} is then spawn to first proxied answer, the start a user sees.
     */
    static PiapiProcess startProxied(Path dist, Path config, Path log, Path errors, String extraJavaOpts) throws IOException {
        return start(dist, config, log, errors, extraJavaOpts, -1, PROXIED);
    }

    private static final byte[] HEALTHZ = "GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final String CHAT = "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    private static final byte[] PROXIED = ("POST /piapi/bench/v1/fixed HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
            + "Authorization: Bearer " + USER_KEY + "\r\nContent-Length: " + CHAT.length() + "\r\nConnection: close\r\n\r\n" + CHAT)
            .getBytes(StandardCharsets.US_ASCII);

    private static PiapiProcess start(Path dist, Path config, Path log, Path errors, String extraJavaOpts, int cpu, byte[] probe)
            throws IOException {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(BenchChild.pinned(cpu, List.of(dist.resolve("bin/piapi").toString(), "--config",
                config.toString(), "--listen", "127.0.0.1:" + port)));
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        if (extraJavaOpts != null) pb.environment().put("PIAPI_JAVA_OPTS", extraJavaOpts); else pb.environment().remove("PIAPI_JAVA_OPTS");
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
        long spawn = System.nanoTime();
        Process p = pb.start();
        long deadline = spawn + TimeUnit.SECONDS.toNanos(20);
        while (!answers200(port, probe)) {
            if (!p.isAlive()) throw new IOException("piapi exited with status " + p.exitValue() + " before serving; see " + errors);
            if (System.nanoTime() - deadline > 0) {
                p.destroyForcibly();
                throw new IOException("piapi did not answer 200 within 20 s");
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return new PiapiProcess(p, port, (System.nanoTime() - spawn) / 1e6, log);
    }

    /** One request on a fresh connection: true on 200. Refused connections fail fast on loopback. */
    private static boolean answers200(int port, byte[] request) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** VmHWM (peak resident set) or VmRSS from /proc, in MiB. */
    double memoryMiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
        throw new IOException(field + " not found in /proc/" + process.pid() + "/status");
    }

    /** The startup_ms piapi logged in its started event, or -1. */
    long loggedStartupMs() throws IOException {
        if (log == null) return -1;
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf("\"startup_ms\":");
            if (line.contains("\"event\":\"started\"") && at >= 0) {
                String digits = line.substring(at + 13).replaceAll("[^0-9].*", "");
                return digits.isEmpty() ? -1 : Long.parseLong(digits);
            }
        }
        return -1;
    }

    /** Sends SIGTERM and waits for the exit; returns the exit status and how long the stop took. */
    record Stopped(int status, double millis) {}

    Stopped stop() throws InterruptedException {
        long t0 = System.nanoTime();
        process.destroy(); // SIGTERM
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Stopped(-1, (System.nanoTime() - t0) / 1e6);
        }
        return new Stopped(process.exitValue(), (System.nanoTime() - t0) / 1e6);
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
