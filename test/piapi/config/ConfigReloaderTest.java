package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piapi.support.Await;

/**
 * The directory watcher against the real file system: every way a config file changes in practice
 * reaches the holder as one new snapshot, and nothing else does. Deadline polling (10 s, for slow
 * file systems), never sleeps.
 */
class ConfigReloaderTest {
    static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    final ConfigLoader loader = new ConfigLoader(Map.of());
    final ConfigHolder holder = new ConfigHolder(Clock.systemUTC());
    final Recorder observed = new Recorder();
    ConfigReloader reloader;

    /** Every callback, in order. */
    static final class Recorder implements ReloadObserver {
        final List<ReloadReport> outcomes = new CopyOnWriteArrayList<>();
        final List<String> watcherFailures = new CopyOnWriteArrayList<>();

        @Override
        public void reloaded(ReloadReport outcome) {
            outcomes.add(outcome);
        }

        @Override
        public void watching(Path directory, long restarts) { }

        @Override
        public void watcherFailed(Path directory, String reason, long failures, Duration retryIn) {
            watcherFailures.add(reason);
        }

        <T extends ReloadReport> List<T> of(Class<T> type) {
            return outcomes.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static String config(String userName) {
        return """
                providers:
                  - name: p
                    apiKeys: { main: sk-provider-secret-0001 }
                    services:
                      - { type: codex, baseUrl: "http://127.0.0.1:1/v1" }
                users:
                  - name: %s
                    apiKey: piapi-user-key-0001
                    services:
                      codex: { providerName: p, providerKeyName: main }
                """.formatted(userName);
    }

    /** Publishes the file's first version and starts watching it with fast test timings. */
    void start(Path file) {
        ParsedConfig first = loader.load(file);
        holder.publish(assertInstanceOf(ParsedConfig.Loaded.class, first, first.problems().toString()), file);
        reloader = new ConfigReloader(file, loader, holder, observed, Clock.systemUTC());
        reloader.startWatching(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(200));
        Await.until("the watcher to start", DEADLINE, () -> reloader.watcherStatus().watching());
    }

    Path startWith(String content) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, content);
        start(file);
        return file;
    }

    @AfterEach
    void stop() {
        if (reloader != null) reloader.close();
    }

    String liveUser() {
        return holder.current().config().users().get(0).name();
    }

    /** Waits until the user is live and the reload that made it so has been reported (the report follows the publish). */
    void awaitUser(String name) {
        Await.until("user '" + name + "' to be live and reported", DEADLINE, () -> liveUser().equals(name)
                && observed.of(ReloadReport.Applied.class).stream().anyMatch(a -> a.active().config().users().get(0).name().equals(name)));
    }

    @Test
    void inPlaceWriteIsPickedUp() throws Exception {
        Path file = startWith(config("v1"));
        Files.writeString(file, config("v2")); // truncate + write, as most editors and `cat >` do
        awaitUser("v2");
        assertEquals(2, holder.current().generation());
        ReloadReport.Applied applied = observed.of(ReloadReport.Applied.class).get(0);
        assertEquals(ReloadTrigger.WATCH, applied.trigger());
        assertEquals(ConfigFile.sha256(config("v2").getBytes(StandardCharsets.UTF_8)), applied.active().sha256());
    }

    @Test
    void editorSavingByRenameIsPickedUp() throws Exception {
        Path file = startWith(config("v1"));
        Path swap = dir.resolve(".config.yaml.swp");
        Files.writeString(swap, config("v2"));
        Files.move(swap, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitUser("v2");
        assertEquals(2, holder.current().generation());
    }

    @Test
    void deleteAndRecreateIsPickedUp() throws Exception {
        Path file = startWith(config("v1"));
        Files.delete(file);
        Files.writeString(file, config("v2"));
        awaitUser("v2");
        assertEquals(1, observed.of(ReloadReport.Applied.class).size());
    }

    @Test
    void kubernetesConfigMapSymlinkSwapIsPickedUp() throws Exception {
        // The kubelet's layout: config.yaml -> ..data/config.yaml, ..data -> ..<timestamp>/
        Path v1 = Files.createDirectory(dir.resolve("..2026_01_01_00_00_00.000000001"));
        Files.writeString(v1.resolve("config.yaml"), config("v1"));
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("config.yaml"), Path.of("..data/config.yaml"));
        start(file);

        // An update: a new timestamped dir, a new ..data_tmp link renamed over ..data, the old dir removed.
        Path v2 = Files.createDirectory(dir.resolve("..2026_01_01_00_01_00.000000002"));
        Files.writeString(v2.resolve("config.yaml"), config("v2"));
        Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        deleteTree(v1);

        awaitUser("v2");
        assertEquals(2, holder.current().generation());
        assertTrue(Files.isSymbolicLink(file), "the reloader only reads; the links are the kubelet's");
    }

    @Test
    void aChangeThatRaisesNoEventInTheDirectoryIsFoundByTheStatPoll() throws Exception {
        // A hard link written through another directory: inotify reports it there, not in the watched one,
        // just as for a file bind-mounted on its own (Docker -v ./config.yaml:/etc/piapi/config.yaml).
        Path file = startWith(config("v1"));
        Path elsewhere = Files.createDirectory(dir.getParent().resolve(dir.getFileName() + "-elsewhere"));
        try {
            Path link = Files.createLink(elsewhere.resolve("same-inode.yaml"), file);
            Files.writeString(link, config("v2")); // in place: the same inode, no event in dir
            awaitUser("v2");
        } finally {
            deleteTree(elsewhere);
        }
    }

    @Test
    void unchangedContentIsSkippedWithoutANewGeneration() throws Exception {
        Path file = startWith(config("v1"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60))); // touch
        Await.until("the watcher to look at the touched file", DEADLINE, () -> !observed.outcomes.isEmpty());
        Files.writeString(file, config("v1")); // the same bytes again
        Await.until("the watcher to look at the rewritten file", DEADLINE, () -> observed.outcomes.size() >= 2);
        assertTrue(observed.outcomes.stream().allMatch(o -> o instanceof ReloadReport.Unchanged), observed.outcomes.toString());
        assertEquals(1, holder.current().generation(), "same SHA-256: nothing parsed, nothing published");
        assertEquals(null, reloader.lastOutcome(), "a no-op from the watcher is not shown as the last reload");
    }

    @Test
    void invalidEditIsKeptOutAndThePreviousConfigServes() throws Exception {
        Path file = startWith(config("v1"));
        Files.writeString(file, config("v2").replace("providerName: p", "providerName: nope"));
        // An in-place write truncates first: the watcher may also see the empty file (refused on its own).
        Await.until("the failed reload", DEADLINE, () -> !brokenFileFailures().isEmpty());
        ReloadReport.Failed failed = brokenFileFailures().get(0);
        assertEquals(file + ":10:30: users[0].services.codex.providerName: provider 'nope' not defined",
                failed.problems().get(0).toString(), "file:line:col: path: message");
        assertEquals("v1", liveUser());
        assertEquals(1, holder.current().generation());
        assertEquals(failed, reloader.lastOutcome());

        int seen = observed.outcomes.size();
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60))); // an unrelated event
        Await.until("the watcher to look again", DEADLINE, () -> observed.outcomes.size() > seen);
        assertEquals(1, brokenFileFailures().size(), "the same broken file is reported once");

        Files.writeString(file, config("v2"));
        awaitUser("v2");
    }

    /** Failed reloads of the broken file itself, leaving out a truncated moment of an in-place write. */
    private java.util.List<ReloadReport.Failed> brokenFileFailures() {
        return observed.of(ReloadReport.Failed.class).stream()
                .filter(f -> !f.problems().get(0).message().startsWith("file is empty")).toList();
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        Path file = startWith(config("v1"));
        Files.write(file, new byte[0]);
        Await.until("the failed reload", DEADLINE, () -> !observed.of(ReloadReport.Failed.class).isEmpty());
        assertTrue(observed.of(ReloadReport.Failed.class).get(0).problems().get(0).message().startsWith("file is empty"));
        assertEquals("v1", liveUser(), "an in-place writer's truncation must not lock everyone out");
    }

    @Test
    void aWatcherWhoseDirectoryVanishesIsRestarted() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("etc"));
        Path file = sub.resolve("config.yaml");
        Files.writeString(file, config("v1"));
        start(file);
        deleteTree(sub);
        Await.until("the watcher to report its failure", DEADLINE, () -> !observed.watcherFailures.isEmpty());
        Files.createDirectory(sub);
        Files.writeString(file, config("v2"));
        awaitUser("v2"); // the restarted watcher registers again and catches up
        assertTrue(reloader.watcherStatus().restarts() >= 1);
        Await.until("the watcher to be watching again", DEADLINE, () -> reloader.watcherStatus().watching());
        Files.writeString(file, config("v3"));
        awaitUser("v3");
    }

    @Test
    void reloadNowOfAnUnchangedFileReportsUnchanged() throws Exception {
        startWith(config("v1"));
        reloader.close(); // direct calls only
        ReloadReport same = reloader.reloadNow();
        assertInstanceOf(ReloadReport.Unchanged.class, same);
        assertEquals(ReloadTrigger.MANUAL, same.trigger());
        assertEquals(1, holder.current().generation());
    }

    @Test
    void reloadNowOfAChangedFileAppliesIt() throws Exception {
        Path file = startWith(config("v1"));
        reloader.close();
        Files.writeString(file, config("v2"));
        ReloadReport.Applied applied = assertInstanceOf(ReloadReport.Applied.class, reloader.reloadNow(ReloadTrigger.ADMIN));
        assertEquals(ReloadTrigger.ADMIN, applied.trigger());
        assertEquals(2, applied.active().generation());
        assertEquals(ConfigFile.sha256(config("v1").getBytes(StandardCharsets.UTF_8)), applied.previousSha256());
        assertEquals(applied.active(), holder.current());
    }

    @Test
    void reloadNowOfABrokenFileFailsWithItsPositionAndKeepsTheConfig() throws Exception {
        Path file = startWith(config("v1"));
        reloader.close();
        ConfigSnapshot before = holder.current();
        Files.writeString(file, "providers: [");
        ReloadReport.Failed failed = assertInstanceOf(ReloadReport.Failed.class, reloader.reloadNow());
        assertEquals(file + ":1:12: flow collection must be closed on the same line", failed.problems().get(0).toString());
        assertEquals(before, holder.current());
    }

    @Test
    void reloadNowOfAMissingFileFailsAndKeepsTheConfig() throws Exception {
        Path file = startWith(config("v1"));
        reloader.close();
        ConfigSnapshot before = holder.current();
        Files.delete(file);
        ReloadReport.Failed failed = assertInstanceOf(ReloadReport.Failed.class, reloader.reloadNow());
        assertTrue(failed.problems().get(0).message().startsWith("file not found"));
        assertEquals(before, holder.current());
    }

    @Test
    void aConfigRefusedWhileBeingAppliedIsRolledBack() throws Exception {
        Path file = startWith(config("v1"));
        reloader.close();
        List<Long> seen = new CopyOnWriteArrayList<>();
        holder.addListener(s -> {
            seen.add(s.generation());
            if (liveName(s).equals("refused")) throw new IllegalStateException("runtime state cannot follow this config");
        });
        ConfigSnapshot before = holder.current();
        Files.writeString(file, config("refused"));
        ReloadReport.Failed failed = assertInstanceOf(ReloadReport.Failed.class, reloader.reloadNow());
        assertTrue(failed.problems().get(0).message().contains("runtime state cannot follow this config"), failed.problems().toString());
        assertEquals(before, holder.current(), "the previous snapshot is back");
        assertEquals(List.of(2L, 1L), seen, "listeners saw the refused config, then the previous one again");
        Files.writeString(file, config("v3"));
        assertEquals(3, assertInstanceOf(ReloadReport.Applied.class, reloader.reloadNow()).active().generation(),
                "a refused config used up its generation: a number never names two configs");
    }

    static String liveName(ConfigSnapshot s) {
        return s.config().users().get(0).name();
    }

    static void deleteTree(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
