package piapi.limits;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import piapi.config.ConfigHolder;
import piapi.config.ConfigLoader;
import piapi.config.ConfigSnapshot;
import piapi.config.ParsedConfig;
import piapi.ledger.Ledger;
import piapi.ledger.LedgerEntry;
import piapi.ledger.LedgerOptions;
import piapi.ledger.UsageState;
import piapi.observe.Events;
import piapi.observe.LogFormat;
import piapi.observe.LogLevel;
import piapi.observe.LogSink;
import piapi.observe.Metrics;
import piapi.support.LogCapture;
import piapi.support.TestClock;
import piapi.usage.Usage;

/** Limiters on configs built through the real loader, a hand-moved clock, and (when asked) a real ledger in a temp dir. */
final class LimitsFixture implements AutoCloseable {
    final TestClock clock;
    final LogCapture log = new LogCapture();
    final LogSink sink = new LogSink(log, 4096);
    final Events events;
    Metrics metrics = new Metrics();
    final Path root;
    private final ConfigHolder holder = new ConfigHolder(Clock.systemUTC());

    LimitsFixture(Instant start) throws IOException {
        clock = new TestClock(start);
        events = new Events(sink, LogLevel.INFO, LogFormat.JSON, clock);
        root = Files.createTempDirectory("piapi-limits");
    }

    /** A config with users alice and bob; {@code limits} is the whole {@code limits:} section's body, {@code alice} her own limits. */
    ConfigSnapshot config(String limits, String alice) {
        return publish(limits, """
                  - name: alice
                    apiKey: key-alice-0001
                    services: {claude_code: {providerName: p, providerKeyName: k}}
                    limits: %s
                """.formatted(alice));
    }

    /** The same without alice (she left the config). */
    ConfigSnapshot configWithoutAlice(String limits) {
        return publish(limits, "");
    }

    private ConfigSnapshot publish(String limits, String alice) {
        String yaml = """
                providers:
                  - name: p
                    apiKeys: {k: sk-test-key}
                    services:
                      - {type: claude_code, baseUrl: "http://127.0.0.1:9"}
                pricing:
                  claude-sonnet-4-5: { input: 3, output: 15 }
                  local-llama: { input: 0, output: 0 }
                limits:
                %s
                users:
                %s
                  - name: bob
                    apiKey: key-bob-0002
                    services: {claude_code: {providerName: p, providerKeyName: k}}
                """.formatted(limits.indent(2).stripTrailing(), alice.stripTrailing());
        ParsedConfig r = new ConfigLoader(Map.of()).parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml");
        var loaded = assertInstanceOf(ParsedConfig.Loaded.class, r, () -> "bad test config: " + r.problems());
        return holder.publish(loaded, null);
    }

    Limiter limiter(String limits) {
        return limiter(limits, "{}", null);
    }

    Limiter limiter(String limits, String alice, Ledger ledger) {
        metrics = new Metrics(); // one registry per limiter, as one per gateway
        Limiter l = new Limiter(clock, ledger, metrics, events);
        l.start(config(limits, alice));
        if (ledger != null) ledger.addListener(l::record);
        return l;
    }

    Ledger ledger(String instance, ZoneId zone) {
        return Ledger.open(LedgerOptions.of(root.resolve("usage"), null, instance, () -> zone, () -> 90, clock, events, new Metrics()));
    }

    LedgerEntry entry(String user, long tokens, long cost) {
        return entry(user, clock.instant(), tokens, cost, "claude-sonnet-4-5");
    }

    static LedgerEntry entry(String user, Instant time, long tokens, long cost, String model) {
        return new LedgerEntry(time, "req-" + time.toEpochMilli(), user, "claude_code", "p", "k", model, model, 200, "ok",
                new Usage(tokens, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, 0, Usage.ABSENT, Usage.ABSENT), cost, UsageState.COMPLETE, false);
    }

    static Permit admitted(Admission a) {
        return assertInstanceOf(Admission.Admitted.class, a, () -> "expected admitted, got " + a).permit();
    }

    static Refusal refused(Admission a) {
        return assertInstanceOf(Admission.Refused.class, a, () -> "expected refused, got " + a).refusal();
    }

    double metric(String sample) {
        for (String line : metrics.render().split("\n")) {
            if (line.startsWith(sample + " ")) return Double.parseDouble(line.substring(sample.length() + 1));
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        sink.close();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
