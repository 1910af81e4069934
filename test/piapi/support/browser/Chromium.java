package piapi.support.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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
public final class Chromium implements Browser {
    private static final AtomicInteger PROFILES = new AtomicInteger();
    private static final Duration MAX_LIFE = Duration.ofMinutes(15);

    private final Process process;
    private final Path profile;
    private final BrowserSocket cdp;

    private Chromium(Process process, Path profile, BrowserSocket cdp) {
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
        BrowserProcesses.deleteTree(profile);
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
            return new Chromium(process, profile, BrowserSocket.connect(endpoint));
        } catch (Exception | AssertionError e) {
            BrowserProcesses.kill(process);
            BrowserProcesses.deleteTree(profile);
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

    @Override
    public String name() {
        return "chromium";
    }

    @Override
    public Page newPage(int width, int height, boolean mobile) {
        return ChromiumPage.open(cdp, width, height, mobile);
    }

    @Override
    public void close() throws IOException {
        try {
            cdp.call("Browser.close", Map.of());
        } catch (AssertionError | RuntimeException e) {
            // it may already be gone; the processes are ended below either way
        }
        cdp.close();
        BrowserProcesses.awaitExit(process, 5);
        BrowserProcesses.deleteTree(profile);
    }
}
