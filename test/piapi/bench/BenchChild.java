package piapi.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A helper process of the benchmark (the streams load generator, its upstream, nginx), optionally pinned
 * to one CPU with taskset. Its standard output is read line by line as it comes, so the benchmark can act
 * on what it announces; its standard error goes to a file.
 */
final class BenchChild implements AutoCloseable {
    private static final String END = "\u0000end";
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    private BenchChild(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (IOException ignored) {
                // the process went away
            }
            lines.add(END);
        });
    }

    /** {@code command} prefixed with {@code taskset -c cpu} when {@code cpu >= 0}. */
    static List<String> pinned(int cpu, List<String> command) {
        if (cpu < 0) return command;
        List<String> c = new ArrayList<>(List.of("taskset", "-c", String.valueOf(cpu)));
        c.addAll(command);
        return c;
    }

    static BenchChild start(List<String> command, Path stderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        return new BenchChild(pb.start());
    }

    /** A Java main class of the benchmark, run by this JVM's runtime with its class path. */
    static BenchChild java(int cpu, Path stderr, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // room enough that the tools' own garbage collections stay rare and short
                "-XX:+UseSerialGC", "-Xms256m", "-Xmn160m", "-Xmx1g", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return start(pinned(cpu, cmd), stderr);
    }

    /** The next line matching {@code wanted} (earlier lines are kept), or null when the process ended or time ran out. */
    String await(Predicate<String> wanted, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) return null;
            if (line.equals(END)) {
                lines.add(END);
                return null;
            }
            all.add(line);
            if (wanted.test(line)) return line;
        }
    }

    /** Every line read so far through {@link #await}. */
    List<String> lines() {
        return all;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    int waitFor(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    /** Closes the process's standard input: the benchmark's Java helpers take that as the signal to stop. */
    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The "Max open files" soft limit of a process, from /proc. */
    static String openFilesLimit(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/limits")).stream().filter(l -> l.startsWith("Max open files"))
                    .map(l -> l.substring(14).trim().split("\\s+")[0]).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
