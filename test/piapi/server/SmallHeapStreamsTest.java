package piapi.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piapi.Main;
import piapi.support.Await;
import piapi.support.FakeUpstream;
import piapi.support.RawHttp;

/**
 * Degrade, never die: piapi runs in a child JVM with a deliberately small heap (48 MiB) and is sent one
 * stream after another, each held open by the upstream, until its memory budget answers 503. The streams
 * already open must then still flow to their end, intact, the process must live, and once they have ended
 * a new stream is admitted again.
 */
@Tag("integration")
class SmallHeapStreamsTest {
    private static final String KEY = "piapi-small-heap-user-0001";
    private static final Pattern LISTEN = Pattern.compile("\"listen\":\"127\\.0\\.0\\.1:(\\d+)\"");
    private static final String REQUEST = "POST /piapi/codex/v1/stream HTTP/1.1\r\nHost: piapi\r\nAuthorization: Bearer " + KEY
            + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

    @TempDir
    Path dir;

    @Test
    void pastItsMemoryANewRequestGets503WhileTheOpenStreamsFlowOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeUpstream upstream = FakeUpstream.start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (!release.await(60, TimeUnit.SECONDS)) return; // a failure guard: the test releases it
            out.write("data: second\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        })) {
            Child piapi = Child.start(dir, upstream.url());
            List<Socket> open = new ArrayList<>();
            try {
                String refusal = openUntilRefused(piapi.port, open);
                assertTrue(open.size() >= 10, "a 48 MiB heap holds more than a few streams: " + open.size());
                assertTrue(refusal.startsWith("HTTP/1.1 503"), refusal);
                assertTrue(refusal.toLowerCase().contains("\r\nretry-after: 2\r\n"), refusal); // the JDK server writes Retry-after
                assertTrue(refusal.toLowerCase().contains("\r\nconnection: close\r\n"), refusal);
                assertTrue(refusal.contains("\"code\":\"overloaded\""), refusal);
                assertTrue(RawHttp.exchange(piapi.port, REQUEST).startsWith("HTTP/1.1 503"), "still full while they are open");
                assertTrue(piapi.process.isAlive());

                release.countDown();
                for (Socket s : open) {
                    String rest = RawHttp.readRest(s.getInputStream());
                    assertTrue(rest.contains("data: second") && rest.contains("data: [DONE]") && rest.endsWith("0\r\n\r\n"),
                            "every stream admitted before the refusal ends intact: " + rest);
                }
                Await.until("a new stream admitted once the open ones ended", Duration.ofSeconds(30),
                        () -> admitted(piapi.port));
                assertTrue(piapi.process.isAlive(), "piapi lives");
                assertFalse(piapi.output.stream().anyMatch(l -> l.contains("OutOfMemoryError")), String.join("\n", piapi.output));
            } finally {
                release.countDown();
                for (Socket s : open) s.close();
                piapi.stop();
            }
        }
    }

    /** Opens streams, each read up to its first event and left open, until one is refused; returns the refusal. */
    private static String openUntilRefused(int port, List<Socket> open) throws IOException {
        for (int i = 0; i < 5_000; i++) {
            Socket s = RawHttp.connect(port);
            RawHttp.send(s, REQUEST);
            InputStream in = s.getInputStream();
            String head = RawHttp.readHead(in);
            if (!head.startsWith("HTTP/1.1 200")) {
                String rest = RawHttp.readRest(in);
                s.close();
                return head + rest;
            }
            open.add(s);
            RawHttp.readUntil(in, "data: first\n\n");
        }
        throw new AssertionError("5,000 streams and no refusal: the memory budget does not bound them");
    }

    private static boolean admitted(int port) {
        try (Socket s = RawHttp.connect(port)) {
            RawHttp.send(s, REQUEST);
            return RawHttp.readHead(s.getInputStream()).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** piapi in its own JVM: serial collector, a 48 MiB heap, exit on an OutOfMemoryError (as the bundle's launcher does). */
    private record Child(Process process, int port, List<String> output) {
        static Child start(Path dir, String upstreamUrl) throws Exception {
            Path config = Files.writeString(dir.resolve("config.yaml"), """
                    providers:
                      - name: p
                        apiKeys: { main: sk-small-heap-0001 }
                        services: [{ type: codex, baseUrl: "%s" }]
                    users:
                      - name: alice
                        apiKey: %s
                        services: { codex: { providerName: p, providerKeyName: main } }
                    """.formatted(upstreamUrl, KEY));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            Process p = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx48m", "-Xmn16m", "-XX:+ExitOnOutOfMemoryError", "-cp", classes,
                    "piapi.Main", "--config", config.toString(), "--listen", "127.0.0.1:0", "--data-dir", dir.resolve("data").toString())
                    .redirectErrorStream(true).start();
            List<String> output = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> collect(p.getInputStream(), output));
            Await.until("piapi to start", Duration.ofSeconds(30), () -> port(output) > 0 || !p.isAlive());
            assertTrue(p.isAlive(), "piapi exited at start: " + output);
            return new Child(p, port(output), output);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        }

        private static int port(List<String> lines) {
            for (String line : lines) {
                Matcher m = LISTEN.matcher(line);
                if (line.contains("\"event\":\"started\"") && m.find()) return Integer.parseInt(m.group(1));
            }
            return -1;
        }

        private static void collect(InputStream in, List<String> lines) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (IOException e) {
                // the process ended
            }
        }
    }
}
