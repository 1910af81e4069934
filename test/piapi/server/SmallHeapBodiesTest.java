package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import piapi.support.Await;
import piapi.support.ChildPiapi;
import piapi.support.Exposition;

/**
 * No number of large bodies can run piapi out of memory: piapi in its own JVM with the bundle's collector flags
 * and a heap of only 64 MiB, sixteen clients each uploading 30 MB at once to an upstream that holds every
 * request until all sixteen have arrived. Every body is counted as spilled, reaches the upstream whole, every
 * client gets its answer, and the process lives (the bundle's flags make it exit on an OutOfMemoryError).
 */
class SmallHeapBodiesTest {
    static final int CLIENTS = 16;
    static final int BODY = 30_000_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void sixteenBodiesOf30MbThroughA64MibHeapAreAllAnsweredAndThePiapiProcessLives() throws Exception {
        CountDownLatch arrived = new CountDownLatch(CLIENTS);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong upstreamBytes = new AtomicLong();
        HttpServer upstream = digestingUpstream(arrived, release, upstreamBytes);
        List<String> flags = new ArrayList<>(ChildPiapi.bundleFlagsWithoutHeapSizes());
        flags.addAll(List.of("-Xms32m", "-Xmx64m"));
        Path config = config(upstream, "");
        byte[] shared = new byte[BODY];
        new Random(7).nextBytes(shared);
        MessageDigest sharedDigest = MessageDigest.getInstance("SHA-256");
        sharedDigest.update(shared);
        HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(null)).version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        try (ChildPiapi piapi = ChildPiapi.start(config, flags); client) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                // each body ends in its own number, so a body sent to the wrong request would show
                byte[] tail = ("#" + i).getBytes(StandardCharsets.UTF_8);
                MessageDigest d = (MessageDigest) sharedDigest.clone();
                expected.add(HexFormat.of().formatHex(d.digest(tail)));
                HttpRequest request = HttpRequest.newBuilder(URI.create(piapi.url("/piapi/big/upload"))).timeout(Duration.ofSeconds(200))
                        .header("Authorization", "Bearer piapi-alice-big-bodies-0001").header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(shared),
                                HttpRequest.BodyPublishers.ofByteArray(tail))).build();
                answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            Await.until("all sixteen bodies at the upstream at once, or piapi gone", Duration.ofSeconds(180),
                    () -> arrived.getCount() == 0 || !piapi.alive());
            assertTrue(piapi.alive(), "piapi died; it said:\n" + tail(piapi));

            Exposition held = metrics(client, piapi);
            assertEquals(CLIENTS, held.value("piapi_request_body_spills_total"), "every body spilled");
            assertTrue(held.value("piapi_request_body_bytes_buffered", "where", "disk") >= (double) CLIENTS * BODY, "all on disk at once");
            assertTrue(held.value("piapi_request_body_bytes_buffered", "where", "memory") <= 16 << 20, "within 25% of 64 MiB");
            release.countDown();

            for (int i = 0; i < CLIENTS; i++) {
                HttpResponse<String> r = answers.get(i).get(120, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(expected.get(i), r.body(), "body " + i + " reached the upstream byte for byte");
            }
            assertTrue(piapi.alive(), "piapi lives");
            // an access line is written once its request has released what it held
            Await.until("sixteen access lines", Duration.ofSeconds(30),
                    () -> piapi.output().split("\"path\":\"/piapi/big/upload\"", -1).length > CLIENTS);
            assertEquals(0, metrics(client, piapi).value("piapi_request_body_bytes_buffered", "where", "disk"));
            assertFalse(piapi.output().contains("OutOfMemoryError"), tail(piapi));
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(piapi.url("/healthz"))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            release.countDown();
            upstream.stop(0);
        }
    }

    /** piapi's config: alice's service {@code big} goes to {@code upstream}; {@code extra} lines follow. */
    Path config(HttpServer upstream, String extra) throws java.io.IOException {
        return Files.writeString(dir.resolve("config.yaml"), """
                providers:
                  - name: slow
                    apiKeys: { main: sk-slow-upstream-0001 }
                    services: [{ type: big, baseUrl: "http://127.0.0.1:%d/v1" }]
                users:
                  - name: alice
                    apiKey: piapi-alice-big-bodies-0001
                    services: { big: { providerName: slow, providerKeyName: main } }
                """.formatted(upstream.getAddress().getPort()) + extra);
    }

    /**
     * A body held in memory costs its size once: a 30 MB body within a 40 MiB budget on a 64 MiB heap is sent
     * upstream without a second copy of it (the HttpClient's byte-array publisher would make one, and with it
     * the heap would not hold both).
     */
    @Test
    @Timeout(120)
    void aBodyInMemoryIsHeldOnceWhileItIsSentUpstream() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer upstream = digestingUpstream(arrived, release, new AtomicLong());
        List<String> flags = new ArrayList<>(ChildPiapi.bundleFlagsWithoutHeapSizes());
        flags.addAll(List.of("-Xms32m", "-Xmx64m"));
        byte[] body = new byte[BODY];
        new Random(8).nextBytes(body);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(null)).version(HttpClient.Version.HTTP_1_1).build();
        try (ChildPiapi piapi = ChildPiapi.start(config(upstream, "limits: { requestBodyMemory: 40MiB }\n"), flags); client) {
            var answer = client.sendAsync(HttpRequest.newBuilder(URI.create(piapi.url("/piapi/big/upload"))).timeout(Duration.ofSeconds(100))
                    .header("Authorization", "Bearer piapi-alice-big-bodies-0001").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Await.until("the body at the upstream, or piapi gone", Duration.ofSeconds(90), () -> arrived.getCount() == 0 || !piapi.alive());
            assertTrue(piapi.alive(), "piapi died; it said:\n" + tail(piapi));
            Exposition held = metrics(client, piapi);
            assertEquals(BODY, held.value("piapi_request_body_bytes_buffered", "where", "memory"), "held in memory");
            assertEquals(0, held.value("piapi_request_body_spills_total"));
            release.countDown();
            HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(expected, r.body());
            assertFalse(piapi.output().contains("OutOfMemoryError"), tail(piapi));
        } finally {
            release.countDown();
            upstream.stop(0);
        }
    }

    /** An upstream that reads each body through SHA-256, then holds the request until {@code release}; answers the digest. */
    static HttpServer digestingUpstream(CountDownLatch arrived, CountDownLatch release, AtomicLong bytes) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    d.update(ByteBuffer.wrap(buffer, 0, n));
                    bytes.addAndGet(n);
                }
                arrived.countDown();
                if (!release.await(200, TimeUnit.SECONDS)) throw new java.io.IOException("never released");
                byte[] answer = HexFormat.of().formatHex(d.digest()).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, answer.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(answer);
                }
            } catch (java.security.NoSuchAlgorithmException | InterruptedException e) {
                throw new java.io.IOException(e);
            }
        });
        server.start();
        return server;
    }

    static Exposition metrics(HttpClient client, ChildPiapi piapi) throws Exception {
        return Exposition.parse(client.send(HttpRequest.newBuilder(URI.create(piapi.url("/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static String tail(ChildPiapi piapi) {
        String all = piapi.output();
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    }
}
