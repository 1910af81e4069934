package piapi.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piapi.support.Await;
import piapi.support.ChildPiapi;
import piapi.support.FakeUpstream;
import piapi.support.RawHttp;

/**
 * Degrade, never die: piapi runs in a child JVM with the bundle's flags and a deliberately small heap
 * (48 MiB) and is sent one stream after another, each held open by the upstream, until its memory budget
 * answers 503. The streams already open must then still flow to their end, intact, the process must live,
 * and once they have ended a new stream is admitted again.
 */
@Tag("integration")
class SmallHeapStreamsTest {
    private static final String KEY = "piapi-small-heap-user-0001";
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
            List<String> flags = new ArrayList<>(ChildPiapi.bundleFlagsWithoutHeapSizes());
            flags.addAll(List.of("-Xmx48m", "-Xmn16m")); // the bundle's flags, with a deliberately small heap
            List<Socket> open = new ArrayList<>();
            try (ChildPiapi piapi = ChildPiapi.start(config(upstream.url()), flags)) {
                String refusal = openUntilRefused(piapi.port(), open);
                assertTrue(open.size() >= 10, "a 48 MiB heap holds more than a few streams: " + open.size());
                assertTrue(refusal.startsWith("HTTP/1.1 503"), refusal);
                String head = refusal.toLowerCase(Locale.ROOT); // the JDK server writes Retry-after
                assertTrue(head.contains("\r\nretry-after: 2\r\n"), refusal);
                assertTrue(head.contains("\r\nconnection: close\r\n"), refusal);
                assertTrue(refusal.contains("\"code\":\"overloaded\""), refusal);
                assertTrue(RawHttp.exchange(piapi.port(), REQUEST).startsWith("HTTP/1.1 503"), "still full while they are open");
                assertTrue(piapi.alive());

                release.countDown();
                for (Socket s : open) {
                    String rest = RawHttp.readRest(s.getInputStream());
                    assertTrue(rest.contains("data: second") && rest.contains("data: [DONE]") && rest.endsWith("0\r\n\r\n"),
                            "every stream admitted before the refusal ends intact: " + rest);
                }
                Await.until("a new stream admitted once the open ones ended", Duration.ofSeconds(30), () -> admitted(piapi.port()));
                assertTrue(piapi.alive(), "piapi lives");
                assertFalse(piapi.output().contains("OutOfMemoryError"), piapi.output());
            } finally {
                release.countDown();
                for (Socket s : open) s.close();
            }
        }
    }

    private Path config(String upstreamUrl) throws IOException {
        return Files.writeString(dir.resolve("config.yaml"), """
                providers:
                  - name: p
                    apiKeys: { main: sk-small-heap-0001 }
                    services: [{ type: codex, baseUrl: "%s" }]
                users:
                  - name: alice
                    apiKey: %s
                    services: { codex: { providerName: p, providerKeyName: main } }
                """.formatted(upstreamUrl, KEY));
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
}
