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
 * A headless Firefox for one test class, driven over WebDriver BiDi (Firefox no longer speaks the DevTools
 * protocol). It runs with a fresh profile under {@code build/browser/}, on a port the OS picks (the port is
 * read from the "WebDriver BiDi listening on ws://…" line it writes to stderr, which goes to a file beside the
 * profile), wrapped in coreutils {@code timeout} so a killed JVM cannot leave it running for long. Close it to
 * stop it: {@code browser.close}, then its processes by PID if it lingers, then the profile is deleted.
 *
 * <p>Which browser: {@code PIAPI_FIREFOX}, else {@code /usr/bin/firefox-esr} (Debian's package), else
 * {@code /usr/bin/firefox}. Tests use {@code @EnabledIf("piapi.support.browser.Firefox#available")}: without a
 * browser they are skipped, except under {@code CI=true}, where a missing browser fails them.
 */
public final class Firefox implements Browser {
    private static final AtomicInteger PROFILES = new AtomicInteger();
    private static final Duration MAX_LIFE = Duration.ofMinutes(15);
    private static final Duration START = Duration.ofSeconds(60);
    private static final String LISTENING = "WebDriver BiDi listening on ";
    /** BiDi events every page listens to; each page keeps those of its own tab. */
    static final List<String> EVENTS = List.of("log.entryAdded", "network.beforeRequestSent", "network.responseCompleted",
            "network.fetchError", "script.message");
    /**
     * The profile's preferences: the page's language is en-US whatever LANG says (the tests read formatted numbers),
     * and Firefox's own traffic (updates, telemetry, safe browsing, remote settings) stays off, on top of what its
     * remote agent already turns off for automation.
     */
    private static final String PREFS = """
            user_pref("intl.locale.requested", "en-US");
            user_pref("intl.accept_languages", "en-US");
            user_pref("app.update.disabledForTesting", true);
            user_pref("browser.shell.checkDefaultBrowser", false);
            user_pref("browser.startup.homepage_override.mstone", "ignore");
            user_pref("browser.safebrowsing.update.enabled", false);
            user_pref("browser.safebrowsing.malware.enabled", false);
            user_pref("browser.safebrowsing.phishing.enabled", false);
            user_pref("datareporting.policy.dataSubmissionEnabled", false);
            user_pref("toolkit.telemetry.enabled", false);
            user_pref("network.captive-portal-service.enabled", false);
            user_pref("network.connectivity-service.enabled", false);
            user_pref("services.settings.server", "");
            user_pref("extensions.update.enabled", false);
            user_pref("browser.download.folderList", 2);
            user_pref("browser.download.useDownloadDir", true);
            """;

    private final Process process;
    private final Path profile;
    private final Path log;
    private final BrowserSocket bidi;

    private Firefox(Process process, Path profile, Path log, BrowserSocket bidi) {
        this.process = process;
        this.profile = profile;
        this.log = log;
        this.bidi = bidi;
    }

    public static Path executable() {
        String override = System.getenv("PIAPI_FIREFOX");
        if (override != null && !override.isBlank()) return Path.of(override);
        for (String candidate : List.of("/usr/bin/firefox-esr", "/usr/bin/firefox")) {
            if (Files.isExecutable(Path.of(candidate))) return Path.of(candidate);
        }
        return Path.of("/usr/bin/firefox-esr");
    }

    /** For {@code @EnabledIf}: a browser is installed, or CI insists on one (then {@link #launch} says it is missing). */
    public static boolean available() {
        return Files.isExecutable(executable()) || "true".equals(System.getenv("CI"));
    }

    public static Firefox launch() throws Exception {
        Path exe = executable();
        if (!Files.isExecutable(exe)) {
            throw new IllegalStateException("no Firefox at " + exe + " and CI=true: install Debian's firefox-esr (.ci/run does) or set PIAPI_FIREFOX");
        }
        String name = "firefox-" + ProcessHandle.current().pid() + "-" + PROFILES.incrementAndGet();
        Path profile = Path.of("build", "browser", name).toAbsolutePath();
        Path log = profile.resolveSibling(name + ".log");
        BrowserProcesses.deleteTree(profile);
        Files.createDirectories(profile);
        Files.writeString(profile.resolve("user.js"), PREFS);
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/timeout"))) {
            command.addAll(List.of("/usr/bin/timeout", "-k", "5", Long.toString(MAX_LIFE.toSeconds())));
        }
        command.addAll(List.of(exe.toString(), "--headless", "--no-remote", "--profile", profile.toString(),
                "--remote-debugging-port", "0", "about:blank"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("MOZ_CRASHREPORTER_DISABLE", "1");
        Process process = builder.start();
        try {
            BrowserSocket bidi = BrowserSocket.connect(endpoint(process, log));
            bidi.call("session.new", Map.of("capabilities", Map.of()));
            bidi.call("session.subscribe", Map.of("events", EVENTS));
            return new Firefox(process, profile, log, bidi);
        } catch (Exception | AssertionError e) {
            BrowserProcesses.kill(process);
            BrowserProcesses.deleteTree(profile);
            Files.deleteIfExists(log);
            throw e;
        }
    }

    /** Waits for the listening line on stderr; fails if the browser exits first or takes more than a minute. */
    private static URI endpoint(Process process, Path log) throws IOException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Firefox exited at start with code " + process.exitValue() + ": " + Files.readString(log));
            }
            for (String line : Files.readAllLines(log)) {
                int at = line.indexOf(LISTENING);
                if (at >= 0) return URI.create(line.substring(at + LISTENING.length()).strip() + "/session");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        throw new IllegalStateException("Firefox did not open its WebDriver BiDi port within " + START.toSeconds() + " s: " + Files.readString(log));
    }

    @Override
    public String name() {
        return "firefox";
    }

    @Override
    public Page newPage(int width, int height, boolean mobile) {
        return FirefoxPage.open(bidi, width, height);
    }

    @Override
    public void close() throws IOException {
        try {
            bidi.call("browser.close", Map.of());
        } catch (AssertionError | RuntimeException e) {
            // it may already be gone; the processes are ended below either way
        }
        bidi.close();
        BrowserProcesses.awaitExit(process, 10);
        BrowserProcesses.deleteTree(profile);
        Files.deleteIfExists(log);
    }
}
