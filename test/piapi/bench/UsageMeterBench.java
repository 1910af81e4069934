package piapi.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import piapi.http.JsonException;
import piapi.http.JsonReader;
import piapi.usage.Protocol;
import piapi.usage.RequestScan;
import piapi.usage.UsageMeter;
import piapi.usage.UsageReading;

/**
 * A microbenchmark of the usage meter's cost per relayed byte, and of the request scan's throughput, each with
 * a baseline measured in the same run, in CPU time of the measuring thread (on a shared machine, waiting for a
 * core would otherwise dominate). Not a unit test (timings never are). Run after {@code make test-classes}:
 * {@code java -cp build/test-classes:build/piapi.jar piapi.bench.UsageMeterBench [rounds]}.
 *
 * <ul>
 *   <li>meter: a 30-event Anthropic stream (message_start, 26 text deltas, message_delta, ...), one relayed
 *       read per event, through a new meter each time; baseline: copying the same reads (System.arraycopy),
 *       the least a relay does per byte. The same for its gzip copy.</li>
 *   <li>request scan: a 5 MB Messages request body, scanned from the array and from a stream; baseline:
 *       {@code JsonReader.parseObject}, which builds the whole document, with and without the UTF-8 decode.</li>
 * </ul>
 */
public final class UsageMeterBench {
    private static long sink;

    private UsageMeterBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        List<byte[]> events = anthropicEvents();
        List<byte[]> gzipReads = gzipPerEvent(events);
        long streamBytes = events.stream().mapToLong(e -> e.length).sum();
        long gzipBytes = gzipReads.stream().mapToLong(e -> e.length).sum();
        System.out.printf("stream: %d events, %d bytes (gzip: %d bytes); thread CPU time, so a busy machine adds little%n",
                events.size(), streamBytes, gzipBytes);
        int streams = (int) (100_000_000L / streamBytes);
        run(List.of(
                new Measure("copy only (baseline)", streams, streams * streamBytes, () -> copyOnly(events)),
                new Measure("meter, identity", streams, streams * streamBytes, () -> meter(events, null)),
                new Measure("meter, gzip (per decoded byte)", streams / 4, streams / 4 * streamBytes, () -> meter(gzipReads, "gzip"))),
                rounds, false);

        byte[] body = requestBody(5_000_000);
        String decoded = new String(body, StandardCharsets.UTF_8);
        System.out.printf("%nrequest body: %d bytes%n", body.length);
        run(List.of(
                new Measure("RequestScan.of(byte[])", 4, 4L * body.length, () -> scan(body)),
                new Measure("RequestScan.of(InputStream)", 4, 4L * body.length, () -> scanStream(body)),
                new Measure("JsonReader.parseObject(new String(bytes))", 4, 4L * body.length,
                        () -> parse(new String(body, StandardCharsets.UTF_8))),
                new Measure("JsonReader.parseObject(string), decode excluded", 4, 4L * body.length, () -> parse(decoded))),
                rounds, true);
        System.out.println("(sink " + sink + ")");
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** One variant: {@code times} calls of {@code once} handle {@code bytes} bytes in all. */
    private record Measure(String name, int times, long bytes, Runnable once) {
        /** CPU nanoseconds this thread spent on one round. */
        long round() {
            long start = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < times; i++) once.run();
            return CPU.getCurrentThreadCpuTime() - start;
        }
    }

    /** Rounds interleaved across the variants, so drift hits them alike; prints the best and the median of each. */
    private static void run(List<Measure> measures, int rounds, boolean megabytesPerSecond) {
        for (int warm = 0; warm < 2; warm++) {
            for (Measure m : measures) m.round();
        }
        long[][] nanos = new long[measures.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < measures.size(); v++) nanos[v][r] = measures.get(v).round();
        }
        for (int v = 0; v < measures.size(); v++) {
            Measure m = measures.get(v);
            long[] n = nanos[v];
            Arrays.sort(n);
            if (megabytesPerSecond) {
                System.out.printf("%-50s %6.0f MB/s best, %6.0f median (%d rounds)%n", m.name(), m.bytes() * 1e3 / n[0],
                        m.bytes() * 1e3 / n[rounds / 2], rounds);
            } else {
                System.out.printf("%-32s %6.3f ns/byte best, %6.3f median (%d rounds of %d streams)%n", m.name(),
                        n[0] / (double) m.bytes(), n[rounds / 2] / (double) m.bytes(), rounds, m.times());
            }
        }
    }

    private static void copyOnly(List<byte[]> reads) {
        byte[] out = new byte[8192];
        for (byte[] read : reads) {
            System.arraycopy(read, 0, out, 0, read.length);
            sink += out[read.length - 1];
        }
    }

    private static void meter(List<byte[]> reads, String encoding) {
        UsageMeter meter = new UsageMeter(Protocol.ANTHROPIC_MESSAGES);
        meter.begin(200, "text/event-stream", encoding);
        for (byte[] read : reads) meter.accept(read, 0, read.length);
        UsageReading reading = meter.finish(true);
        sink += reading.usage().output();
    }

    private static void scan(byte[] body) {
        sink += RequestScan.of(Protocol.ANTHROPIC_MESSAGES, "v1/messages", body).model().length();
    }

    private static void scanStream(byte[] body) {
        try {
            sink += RequestScan.of(Protocol.ANTHROPIC_MESSAGES, "v1/messages", new ByteArrayInputStream(body)).model().length();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void parse(String text) {
        try {
            sink += JsonReader.parseObject(text).size();
        } catch (JsonException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 30 events as Claude Code receives them, each one relayed read. */
    static List<byte[]> anthropicEvents() {
        List<String> events = new ArrayList<>();
        events.add("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":3,\"cache_creation_input_tokens\":2318,\"cache_read_input_tokens\":41200,\"cache_creation\":"
                + "{\"ephemeral_5m_input_tokens\":118,\"ephemeral_1h_input_tokens\":2200},\"output_tokens\":1,\"service_tier\":\"standard\"}}}\n\n");
        events.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (int i = 0; i < 25; i++) {
            events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
                    + "Here is the next part of the answer, with a \\\"quote\\\", a caf\u00e9 and a path C:\\\\tmp " + i + ".\"}}\n\n");
        }
        events.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        events.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":412}}\n\n");
        events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return events.stream().map(e -> e.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The stream gzip-compressed and flushed after each event: one compressed read per event. */
    static List<byte[]> gzipPerEvent(List<byte[]> events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<byte[]> reads = new ArrayList<>();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, true)) {
            for (byte[] e : events) {
                gz.write(e);
                gz.flush();
                reads.add(out.toByteArray());
                out.reset();
            }
        }
        reads.add(out.toByteArray()); // the trailer
        return reads;
    }

    /** A Messages request of about {@code size} bytes: many long user and assistant turns, then model and stream. */
    static byte[] requestBody(int size) {
        StringBuilder b = new StringBuilder(size + 4096).append("{\"max_tokens\":32000,\"messages\":[");
        String text = "Refactor the function below so that it streams, keeping \\\"exact\\\" framing; caf\u00e9 \\n ".repeat(40);
        while (b.length() < size) {
            b.append("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"").append(text).append("\"}]},");
            b.append("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"edit\",\"input\":{\"path\":\"a.java\",\"lines\":[1,2,3]}}]},");
        }
        b.append("{\"role\":\"user\",\"content\":\"go\"}],\"model\":\"claude-sonnet-4-5-20250929\",\"stream\":true}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
