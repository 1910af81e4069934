package piapi.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * piapi started through {@code piapi.Main} in a JVM of its own, for what one JVM cannot show about another: JVM
 * flags (a small heap), JDK server settings that are read once per JVM, the process surviving or not. Its
 * stdout and stderr are kept line by line; close stops it (SIGTERM, then a kill after a deadline).
 */
public final class ChildPiapi implements AutoCloseable {
    private static final Pattern LISTEN = Pattern.compile("\"listen\":\"[^\"]*:(\\d+)\"");

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final int port;

    private ChildPiapi(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("PIAPI_ADMIN_TOKEN");
        process = pb.start();
        Thread.ofVirtual().start(() -> collect(process.getInputStream(), out));
        Thread.ofVirtual().start(() -> collect(process.getErrorStream(), err));
        Await.until("the child piapi to start", Duration.ofSeconds(30), () -> startedLine() != null || !process.isAlive());
        String started = startedLine();
        if (started == null) throw new IOException("piapi exited before serving: " + err + out);
        Matcher m = LISTEN.matcher(started);
        if (!m.find()) throw new IOException("no port in " + started);
        port = Integer.parseInt(m.group(1));
    }

    /**
     * Runs {@code piapi.Main --config config --listen 127.0.0.1:0 --data-dir <config's dir>/data} with these JVM
     * flags, from the classes this test runs (the jar under make test).
     */
    public static ChildPiapi start(Path config, List<String> jvmFlags) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(Path.of(piapi.Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        command.add("piapi.Main");
        command.addAll(List.of("--config", config.toString(), "--listen", "127.0.0.1:0",
                "--data-dir", Files.createDirectories(config.resolveSibling("data")).toString()));
        return new ChildPiapi(command);
    }

    /** The flags of the release bundle's launcher ({@code JVM_FLAGS} in the Makefile), without its heap sizes. */
    public static List<String> bundleFlagsWithoutHeapSizes() throws IOException {
        for (String line : Files.readAllLines(Path.of("Makefile"))) {
            if (!line.startsWith("JVM_FLAGS")) continue;
            List<String> flags = new ArrayList<>();
            for (String flag : line.substring(line.indexOf('=') + 1).trim().split("\\s+")) {
                if (!flag.startsWith("-Xm")) flags.add(flag);
            }
            return flags;
        }
        throw new IOException("no JVM_FLAGS line in the Makefile");
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The process id (for jcmd and the like). */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the process wrote so far, stdout then stderr. */
    public String output() {
        return String.join("\n", out) + "\n" + String.join("\n", err);
    }

    private String startedLine() {
        for (String line : out) if (line.contains("\"event\":\"started\"")) return line;
        return null;
    }

    private static void collect(InputStream in, List<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) lines.add(line);
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
