package piapi.support.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A headless Chromium for one test class, driven over the DevTools protocol. It runs with a fresh profile
 * under {@code build/browser/}, on a port the OS picks, without Chromium's own network traffic, wrapped
 * in coreutils {@code timeout} so a killed JVM cannot leave it running for long. Close it to stop it:
 * {@code Browser.close}, then its processes by PID if it lingers, then the profile is deleted.
 *
 * <p>Which browser: {@code PIAPI_CHROMIUM}, else {@code /usr/bin/chromium}. Tests use
 * {@code @EnabledIf("piapi.support.browser.Chromium#available")}: without a browser they are skipped,
 * except under {@code CI=true}, where a missing browser fails them (a broken install must not pass).
 */
public final class Chromium implements AutoCloseable {
    private static final AtomicInteger PROFILES = new AtomicInteger();
    private static final Duration MAX_LIFE = Duration.ofMinutes(15);

    private final Process process;
    private final Path profile;
    private final Cdp cdp;

    private Chromium(Process process, Path profile, Cdp cdp) {
        this.process = process;
        this.profile = profile;
        this.cdp = cdp;
    }

    public static Path executable() {
        String override = System.getenv("PIAPI_CHROMIUM");
        return Path.of(override != null && !override.isBlank() ? override : "/usr/bin/chromium");
    }

    /** For {@code @EnabledIf}: a browser is installed, or CI insists on one (then {@link #launch} says it is missing). */
    public static boolean available() {
        return Files.isExecutable(executable()) || "true".equals(System.getenv("CI"));
    }

    public static Chromium launch() throws Exception {
        Path exe = executable();
        if (!Files.isExecutable(exe)) {
            throw new IllegalStateException("no Chromium at " + exe + " and CI=true: install Debian's chromium (.ci/run does) or set PIAPI_CHROMIUM");
        }
        Path profile = Path.of("build", "browser", "profile-" + ProcessHandle.current().pid() + "-" + PROFILES.incrementAndGet()).toAbsolutePath();
        deleteTree(profile);
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/timeout"))) {
            command.addAll(List.of("/usr/bin/timeout", "-k", "5", Long.toString(MAX_LIFE.toSeconds())));
        }
        command.addAll(List.of(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI endpoint = endpoint(process, profile.resolve("DevToolsActivePort"));
            return new Chromium(process, profile, Cdp.connect(endpoint));
        } catch (Exception | AssertionError e) {
            kill(process);
            deleteTree(profile);
            throw e;
        }
    }

    /** Waits for the browser to write its port and path; fails if it exits first or takes more than 30 s. */
    private static URI endpoint(Process process, Path portFile) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("Chromium exited at start with code " + process.exitValue());
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                    return URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new IllegalStateException("Chromium did not open its DevTools port within 30 s");
    }

    public Cdp cdp() {
        return cdp;
    }

    /** A new tab in its own browser context (fresh storage), with this viewport. */
    public Page newPage(int width, int height, boolean mobile) {
        return Page.open(cdp, width, height, mobile);
    }

    @Override
    public void close() throws IOException {
        try {
            cdp.call("Browser.close", Map.of());
        } catch (AssertionError | RuntimeException e) {
            // it may already be gone; the processes are ended below either way
        }
        cdp.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) kill(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
        }
        deleteTree(profile);
    }

    /** Ends the browser's processes by PID (never by name): its descendants first, then the process itself. */
    private static void kill(Process process) {
        List<ProcessHandle> all = process.descendants().toList();
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a helper process may still be writing; a later run deletes the leftovers
        }
    }
}
