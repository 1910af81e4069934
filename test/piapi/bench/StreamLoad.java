package piapi.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The load generator of the concurrent-streams benchmark, run as its own process: opens N streaming
 * requests, evenly spread over the ramp, holds them all open on one thread and one selector, and times
 * every event's arrival against the send time the upstream wrote into it. A stream is intact when it
 * got 200, every event in order, {@code [DONE]} and a clean end.
 * <p>
 * Prints {@code all-open MS} once every stream has its response head (or failed), {@code first-done MS}
 * when the first stream answered 200 ends (the plateau lies between the two), and finally one
 * {@code RESULT} line of {@code key=value} pairs (times in microseconds) and an {@code OUTCOME} line for
 * each way a stream ended other than intact.
 * <pre>
 * java -cp build/test-classes piapi.bench.StreamLoad PORT PATH BEARER|- STREAMS RAMP_MS EVENTS GAP_MS
 * </pre>
 */
final class StreamLoad {
    private static final String BODY = "{\"model\":\"bench-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

    private final InetSocketAddress target;
    private final byte[] request;
    private final int streams;
    private final long rampNanos;
    private final int events;
    private final long deadlineNanos;
    private final Selector selector = Selector.open();
    private final ByteBuffer read = ByteBuffer.allocateDirect(256 * 1024);
    private final int[] delaysUs;
    private int delayCount;
    private final long[] headersUs;
    private int headersCount;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private int open, answered, ended;
    /** Streams whose response head arrived, or that ended without one. */
    private int resolved;
    /** Streams answered 200 that have ended: the first one ends the plateau. */
    private int answeredEnded;

    private StreamLoad(int port, String path, String bearer, int streams, long rampMs, int events, long gapMs) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        String target = path + (path.contains("?") ? "&" : "?") + "events=" + events + "&gapMs=" + gapMs;
        this.request = ("POST " + target + " HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
                + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
                + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        this.streams = streams;
        this.rampNanos = rampMs * 1_000_000L;
        this.events = events;
        this.deadlineNanos = rampNanos + (events * gapMs + 30_000) * 1_000_000L;
        this.delaysUs = new int[streams * (events + 1)];
        this.headersUs = new long[streams];
    }

    public static void main(String[] a) throws IOException {
        StreamLoad load = new StreamLoad(Integer.parseInt(a[0]), a[1], a[2].equals("-") ? null : a[2], Integer.parseInt(a[3]),
                Long.parseLong(a[4]), Integer.parseInt(a[5]), Long.parseLong(a[6]));
        load.run();
        System.out.println(load.result());
        System.out.flush();
    }

    /** One stream: its channel and what has been read of its response. */
    private static final class Stream {
        final SocketChannel channel;
        final SseResponseParser parser = new SseResponseParser();
        final long startedAt;
        ByteBuffer unsent;

        Stream(SocketChannel channel, long startedAt) {
            this.channel = channel;
            this.startedAt = startedAt;
        }
    }

    private void run() throws IOException {
        long t0 = System.nanoTime();
        int started = 0;
        boolean allOpen = false, firstDone = false;
        long nextProgress = t0 + 5_000_000_000L;
        while (ended < streams) {
            long now = System.nanoTime();
            while (started < streams && now - (t0 + rampNanos * started / streams) >= 0) {
                open(now);
                started++;
            }
            if (now - t0 > deadlineNanos) break;
            long nextStart = started < streams ? t0 + rampNanos * started / streams - now : 100_000_000L;
            selector.select(Math.max(1, Math.min(100, nextStart / 1_000_000)));
            long at = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) handle(key, at);
            selector.selectedKeys().clear();
            if (!allOpen && started == streams && resolved >= streams) {
                allOpen = true;
                say("all-open " + (at - t0) / 1_000_000);
            }
            if (!firstDone && answeredEnded > 0) {
                firstDone = true;
                say("first-done " + (at - t0) / 1_000_000);
            }
            if (at - nextProgress >= 0) {
                System.err.printf("load: %ds open %d answered %d ended %d events %d%n", (at - t0) / 1_000_000_000L, open, answered, ended, delayCount);
                nextProgress += 5_000_000_000L;
            }
        }
        for (SelectionKey key : selector.keys()) { // what is still open at the deadline was held back too long
            if (key.isValid() && key.attachment() instanceof Stream s) finish(s, "timed_out");
        }
    }

    private void open(long now) {
        try {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Stream s = new Stream(ch, now);
            open++;
            if (ch.connect(target)) {
                ch.register(selector, 0, s);
                send(s);
            } else {
                ch.register(selector, SelectionKey.OP_CONNECT, s);
            }
        } catch (IOException e) {
            outcomes.merge("connect_failed: " + e.getMessage(), 1, Integer::sum);
            ended++;
            resolved++;
        }
    }

    private void handle(SelectionKey key, long at) {
        Stream s = (Stream) key.attachment();
        try {
            if (key.isConnectable()) {
                s.channel.finishConnect();
                send(s);
            } else if (key.isWritable()) {
                s.channel.write(s.unsent);
                if (!s.unsent.hasRemaining()) key.interestOps(SelectionKey.OP_READ);
            } else if (key.isReadable()) {
                receive(s, at);
            }
        } catch (IOException e) {
            finish(s, s.parser.status == 0 && s.parser.state() == SseResponseParser.State.HEAD && s.unsent != null
                    && s.unsent.hasRemaining() ? "connect_failed" : "reset: " + e.getMessage());
        }
    }

    private void send(Stream s) throws IOException {
        s.unsent = ByteBuffer.wrap(request);
        s.channel.write(s.unsent);
        s.channel.keyFor(selector).interestOps(s.unsent.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void receive(Stream s, long at) throws IOException {
        read.clear();
        int n = s.channel.read(read);
        SseResponseParser p = s.parser;
        boolean hadHead = p.state() != SseResponseParser.State.HEAD;
        SseResponseParser.State state;
        if (n < 0) {
            state = p.closed();
        } else {
            read.flip();
            state = p.feed(read, at, nanos -> delaysUs[delayCount++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, nanos / 1000)));
        }
        if (!hadHead && p.status != 0) {
            resolved++;
            headersUs[headersCount++] = (at - s.startedAt) / 1000;
            if (p.status == 200) answered++;
        }
        if (state == SseResponseParser.State.END) {
            finish(s, p.status != 200 ? "status " + p.status : p.intact(events) ? "intact"
                    : "incomplete (" + p.events + " events" + (p.sawDone ? "" : ", no [DONE]") + (p.outOfOrder ? ", out of order" : "") + ")");
        } else if (state == SseResponseParser.State.FAILED) {
            finish(s, "broken: " + p.failure);
        }
    }

    private void finish(Stream s, String outcome) {
        if (s.parser.status == 0) resolved++;
        if (s.parser.status == 200) answeredEnded++;
        outcomes.merge(outcome, 1, Integer::sum);
        ended++;
        open--;
        try {
            s.channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private int countOutcome(String name) {
        return outcomes.getOrDefault(name, 0);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private String result() {
        int[] d = Arrays.copyOf(delaysUs, delayCount);
        Arrays.sort(d);
        long[] h = Arrays.copyOf(headersUs, headersCount);
        Arrays.sort(h);
        Map<String, String> r = new java.util.LinkedHashMap<>();
        r.put("streams", String.valueOf(streams));
        r.put("intact", String.valueOf(countOutcome("intact")));
        r.put("answered", String.valueOf(answered));
        r.put("refused", String.valueOf(countOutcome("status 503")));
        r.put("events", String.valueOf(delayCount));
        r.put("mean_us", String.valueOf(d.length == 0 ? -1 : (long) Arrays.stream(d).asLongStream().average().orElse(-1)));
        r.put("p50_us", String.valueOf(pct(d, 50)));
        r.put("p99_us", String.valueOf(pct(d, 99)));
        r.put("p999_us", String.valueOf(pct(d, 99.9)));
        r.put("max_us", String.valueOf(d.length == 0 ? -1 : d[d.length - 1]));
        r.put("head_p50_us", String.valueOf(h.length == 0 ? -1 : h[(int) Math.min(h.length - 1, h.length * 50L / 100)]));
        r.put("head_p99_us", String.valueOf(h.length == 0 ? -1 : h[(int) Math.min(h.length - 1, h.length * 99L / 100)]));
        StringBuilder sb = new StringBuilder("RESULT");
        r.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        Map<String, Integer> others = new HashMap<>(outcomes);
        others.remove("intact");
        others.forEach((k, v) -> sb.append("\nOUTCOME ").append(v).append(' ').append(k));
        return sb.toString();
    }

    private static long pct(int[] sorted, double p) {
        if (sorted.length == 0) return -1;
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))];
    }
}
