package piapi.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures how late each server-sent event arrives: a plain socket client (no client library in the way)
 * reads the chunked stream, and for every event takes its arrival time minus the send time the upstream
 * wrote into it. Both clocks are {@code System.nanoTime()} of this process, so no clock sync is involved.
 */
final class SseProbe {
    /** Delays of every event of every stream, in milliseconds. */
    record Delays(List<Double> millis, int heldBack, long gapNanos) {
        double mean() {
            return millis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        double max() {
            return millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        double percentile(double p) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1));
        }
    }

    private SseProbe() {}

    /** Runs {@code streams} streams at once against {@code port}{@code path}, each of {@code events} events. */
    static Delays run(int port, String path, String bearer, int streams, int events, int gapMs) throws Exception {
        String target = path + "?events=" + events + "&gapMs=" + gapMs;
        List<Double> all = Collections.synchronizedList(new ArrayList<>());
        int[] heldBack = new int[1];
        try (ExecutorService pool = Executors.newFixedThreadPool(streams)) {
            List<Future<List<Double>>> futures = new ArrayList<>();
            for (int i = 0; i < streams; i++) futures.add(pool.submit(() -> stream(port, target, bearer, events)));
            for (Future<List<Double>> f : futures) {
                List<Double> d = f.get();
                all.addAll(d);
                for (double ms : d) if (ms > gapMs) heldBack[0]++;
            }
        }
        return new Delays(all, heldBack[0], gapMs * 1_000_000L);
    }

    private static List<Double> stream(int port, String target, String bearer, int events) throws IOException {
        List<Double> delays = new ArrayList<>(events);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
            String head = readUntil(in, "\r\n\r\n");
            if (!head.startsWith("HTTP/1.1 200") || !head.toLowerCase().contains("transfer-encoding: chunked")) {
                throw new IOException("unexpected SSE response head: " + head);
            }
            StringBuilder text = new StringBuilder();
            while (true) {
                int size = Integer.parseInt(readUntil(in, "\r\n").strip(), 16);
                if (size == 0) break;
                byte[] chunk = in.readNBytes(size);
                long arrived = System.nanoTime();
                readUntil(in, "\r\n");
                text.append(new String(chunk, StandardCharsets.UTF_8));
                int end;
                while ((end = text.indexOf("\n\n")) >= 0) { // one complete event
                    String event = text.substring(0, end);
                    text.delete(0, end + 2);
                    int at = event.indexOf("\"sent_ns\":");
                    if (at < 0) continue; // [DONE]
                    int stop = event.indexOf(',', at);
                    long sent = Long.parseLong(event.substring(at + 10, stop));
                    delays.add((arrived - sent) / 1e6);
                }
            }
        }
        if (delays.size() != events) throw new IOException("expected " + events + " events, got " + delays.size());
        return delays;
    }

    private static String readUntil(InputStream in, String terminator) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] end = terminator.getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed while reading the stream");
            buf.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return buf.toString(StandardCharsets.US_ASCII);
    }
}
