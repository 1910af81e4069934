package piapi.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static piapi.support.TestConfig.ALICE_KEY;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import piapi.support.Await;
import piapi.support.Exposition;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.RawHttp;
import piapi.support.TestConfig;

/**
 * Request bodies past the memory budget ({@code limits.requestBodyMemory}) go to a temporary file: the upstream
 * gets them byte for byte, a failover sends them again, the file (mode 0600, never named on disk after it is
 * opened) is closed however the request ends, and only a disk that refuses too gives 503 with Retry-After.
 * The upstream holds each request on a latch, so what piapi holds is checked while the request is in progress.
 */
@Timeout(60)
class RequestBodySpillTest {
    static final int BUDGET = 64 * 1024;
    static final byte[] LARGE = bytes(300 * 1024, 1);
    static final byte[] SMALL = bytes(2 * 1024, 2);

    /** Answers 200 at once. */
    static final FakeUpstream.Script OK = (ex, r) -> FakeUpstream.reply(ex, 200, "application/json", "{\"ok\":true}");

    final List<FakeUpstream> upstreams = new ArrayList<>();
    GatewayHarness piapi;
    /** Opened by {@link #held} once the upstream has a whole body; {@link #release} lets it answer. */
    final CountDownLatch arrived = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (piapi != null) piapi.close();
        upstreams.forEach(FakeUpstream::close);
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * Alice's routes over upstreams answering with these scripts ({@code svc} fails over in order, {@code solo} is
     * the first alone); {@code limits} lines after the budget's.
     */
    void start(String limits, FakeUpstream.Script... scripts) throws Exception {
        startWith("limits:\n  requestBodyMemory: " + BUDGET + "\n" + limits, scripts);
    }

    /** As {@link #start}, with {@code sections} as the config's text after the users. */
    void startWith(String sections, FakeUpstream.Script... scripts) throws Exception {
        String[] urls = new String[scripts.length];
        for (int i = 0; i < scripts.length; i++) {
            FakeUpstream u = FakeUpstream.start(scripts[i]);
            upstreams.add(u);
            urls[i] = u.url();
        }
        piapi = GatewayHarness.start(TestConfig.candidates("sticky_healthy", urls).section(sections));
    }

    /** An upstream that answers 200 once {@link #release} opens, after telling {@link #arrived} it has the whole body. */
    FakeUpstream.Script held() {
        return (ex, r) -> {
            arrived.countDown();
            if (!release.await(20, TimeUnit.SECONDS)) throw new IOException("never released");
            OK.answer(ex, r);
        };
    }

    /** Sends {@code body} to {@code solo}, whose upstream is {@link #held}; returns once the upstream has all of it. */
    CompletableFuture<HttpResponse<String>> sendHeld(byte[] body) throws InterruptedException {
        var response = piapi.client.sendAsync(post("solo", HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofString());
        assertTrue(arrived.await(20, TimeUnit.SECONDS), "the upstream has the body");
        return response;
    }

    /** Lets the held upstream answer and returns what the client got. */
    HttpResponse<String> released(CompletableFuture<HttpResponse<String>> response) throws Exception {
        release.countDown();
        return response.get(20, TimeUnit.SECONDS);
    }

    /** A body sent with no length: HttpClient sends a body from an input stream chunked. */
    static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    HttpRequest post(String service, HttpRequest.BodyPublisher body) {
        return piapi.request("/piapi/" + service + "/v1/upload").header("Authorization", "Bearer " + ALICE_KEY)
                .header("Content-Type", "application/octet-stream").POST(body).build();
    }

    Exposition metrics() {
        return Exposition.parse(piapi.gateway.metrics().render());
    }

    double buffered(String where) {
        return metrics().value("piapi_request_body_bytes_buffered", "where", where);
    }

    double spills() {
        return metrics().value("piapi_request_body_spills_total");
    }

    Path spillDirectory() throws IOException {
        return piapi.gateway.dataDir().path().resolve("tmp").toRealPath();
    }

    /** This JVM's open descriptors of body files in {@code dir} (a removed file shows as "path (deleted)"). */
    static List<Path> openBodyFiles(Path dir) throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc to see open descriptors");
        List<Path> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(dir.resolve("piapi-body-").toString())) open.add(fd);
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return open;
    }

    /** Once the request's access line is written, piapi has released everything the request held. */
    void assertNothingHeldAfter(HttpResponse<?> r) throws IOException {
        piapi.log.accessLine(GatewayHarness.requestId(r));
        assertEquals(0, buffered("disk"), "disk bytes held after the request");
        assertEquals(0, buffered("memory"), "memory bytes held after the request");
        assertEquals(List.of(), openBodyFiles(spillDirectory()), "no body file stays open");
        try (Stream<Path> left = Files.list(spillDirectory())) {
            assertEquals(List.of(), left.toList(), "nothing is left in the spill directory");
        }
    }

    @Test
    void aBodyOverTheBudgetGoesToAnOwnerOnlyFileThatHasNoNameAndReachesTheUpstreamByteForByte() throws Exception {
        start("", held());
        var response = sendHeld(LARGE);

        assertEquals(LARGE.length, buffered("disk"));
        assertEquals(0, buffered("memory"));
        assertEquals(1, spills());
        List<Path> open = openBodyFiles(spillDirectory());
        assertEquals(1, open.size(), "one body file open while the request runs");
        assertTrue(Files.readSymbolicLink(open.get(0)).toString().endsWith(" (deleted)"), "the file has no name on disk");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(open.get(0))));
        try (Stream<Path> names = Files.list(spillDirectory())) {
            assertEquals(0, names.count());
        }

        HttpResponse<String> r = released(response);
        assertEquals(200, r.statusCode());
        FakeUpstream.Recorded got = upstreams.get(0).take();
        assertArrayEquals(LARGE, got.body());
        assertEquals(String.valueOf(LARGE.length), got.header("Content-Length"), "sent with its length, not chunked");
        assertNothingHeldAfter(r);
        assertEquals(LARGE.length, ((Number) piapi.log.accessLine(GatewayHarness.requestId(r)).get("bytes_in")).intValue());
    }

    @Test
    void aBodyWithinTheBudgetStaysInMemoryAndIsCountedThereWhileTheRequestRuns() throws Exception {
        start("", held());
        var response = sendHeld(SMALL);
        assertEquals(SMALL.length, buffered("memory"));
        assertEquals(0, buffered("disk"));
        assertEquals(BUDGET, metrics().value("piapi_request_body_memory_limit_bytes"));
        HttpResponse<String> r = released(response);
        assertArrayEquals(SMALL, upstreams.get(0).take().body());
        assertNothingHeldAfter(r);
        assertEquals(0, spills());
    }

    @Test
    void aSpilledBodyIsSentAgainIdenticallyOnFailoverAndTheFileIsClosedAfter() throws Exception {
        start("", (ex, r) -> FakeUpstream.reply(ex, 503, "application/json", "{\"error\":\"busy\"}"),
                OK);
        HttpResponse<String> r = piapi.send(post("svc", HttpRequest.BodyPublishers.ofByteArray(LARGE)));
        assertEquals(200, r.statusCode());
        assertArrayEquals(LARGE, upstreams.get(0).take().body(), "first attempt");
        assertArrayEquals(LARGE, upstreams.get(1).take().body(), "the failover sends the same bytes again");
        assertEquals(2, ((Number) piapi.log.accessLine(GatewayHarness.requestId(r)).get("attempts")).intValue());
        assertEquals(1, spills(), "one file serves every attempt");
        assertNothingHeldAfter(r);
    }

    @Test
    void theFileIsClosedAfterAnUpstreamError() throws Exception {
        start("", (ex, r) -> FakeUpstream.reply(ex, 500, "application/json", "{\"error\":\"boom\"}"));
        HttpResponse<String> r = piapi.send(post("solo", HttpRequest.BodyPublishers.ofByteArray(LARGE)));
        assertEquals(500, r.statusCode());
        assertArrayEquals(LARGE, upstreams.get(0).take().body());
        assertEquals(1, spills());
        assertNothingHeldAfter(r);
    }

    @Test
    void aChunkedBodyGrowsInMemoryUntilTheBudgetThenMovesToAFileWhole() throws Exception {
        start("", OK);
        HttpResponse<String> r = piapi.send(post("solo", chunked(LARGE)));
        assertEquals(200, r.statusCode());
        assertArrayEquals(LARGE, upstreams.get(0).take().body());
        assertEquals(1, spills());
        assertNothingHeldAfter(r);

        HttpResponse<String> small = piapi.send(post("solo", chunked(SMALL)));
        assertArrayEquals(SMALL, upstreams.get(0).take().body());
        assertEquals(1, spills(), "a small chunked body stays in memory");
        assertNothingHeldAfter(small);
    }

    @Test
    void aChunkedBodyPastTheLimitWhileSpillingIs413AndItsFileIsClosed() throws Exception {
        start("  maxRequestBody: 100KiB", (ex, r) -> FakeUpstream.reply(ex, 200, "application/json", "{}"));
        HttpResponse<String> r = piapi.send(post("solo", chunked(LARGE)));
        assertEquals(413, r.statusCode());
        assertTrue(r.body().contains("\"code\":\"request_too_large\""), r.body());
        assertEquals(0, upstreams.get(0).pending());
        assertNothingHeldAfter(r);
    }

    @Test
    void aClientThatLeavesMidUploadLeavesNoFileOpen() throws Exception {
        start("", (ex, r) -> FakeUpstream.reply(ex, 200, "application/json", "{}"));
        int sent = 128 * 1024;
        try (Socket s = RawHttp.connect(piapi.port())) {
            RawHttp.send(s, "POST /piapi/solo/v1/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ALICE_KEY
                    + "\r\nX-Request-ID: left-mid-upload\r\nContent-Length: " + LARGE.length + "\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(LARGE, 0, sent);
            out.flush();
            Await.until("piapi to write what arrived to the body file", Duration.ofSeconds(20), () -> buffered("disk") == sent);
            assertEquals(1, openBodyFiles(spillDirectory()).size());
        }
        Map<String, Object> line = piapi.log.accessLine("left-mid-upload");
        assertEquals("client_gone", line.get("outcome"));
        assertEquals(0, buffered("disk"));
        assertEquals(List.of(), openBodyFiles(spillDirectory()));
        assertEquals(0, upstreams.get(0).pending(), "nothing was sent upstream");
    }

    @Test
    void whenTheDiskRefusesTooTheAnswerIs503WithRetryAfterAndSmallBodiesStillPass() throws Exception {
        start("", OK);
        // A file where the directory was: creating a body file there fails, whoever piapi runs as.
        Path dir = spillDirectory();
        Files.delete(dir);
        Files.writeString(dir, "not a directory");
        HttpResponse<String> r = piapi.send(post("solo", HttpRequest.BodyPublishers.ofByteArray(LARGE)));
        assertEquals(503, r.statusCode());
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
        assertTrue(r.body().contains("\"code\":\"request_body_no_room\""), r.body());
        assertTrue(r.body().contains("\"request_id\":\"" + GatewayHarness.requestId(r) + "\""), r.body());
        assertEquals(0, upstreams.get(0).pending(), "nothing was sent upstream");
        Map<String, Object> event = piapi.log.await("the spill failure event", l -> "request_body_spill_failed".equals(l.get("event")));
        assertEquals(dir.toString(), event.get("directory"));
        piapi.log.accessLine(GatewayHarness.requestId(r)); // recorded after the answer was sent: metrics first, then this line
        assertEquals(1, metrics().value("piapi_rejected_requests_total", "reason", "request_body_no_room"));

        HttpResponse<String> small = piapi.send(post("solo", HttpRequest.BodyPublishers.ofByteArray(SMALL)));
        assertEquals(200, small.statusCode(), "a body that fits in memory needs no disk");
        assertArrayEquals(SMALL, upstreams.get(0).take().body());
        piapi.log.accessLine(GatewayHarness.requestId(small));
        assertEquals(0, buffered("memory"));
    }

    @Test
    void aZeroBudgetSendsEveryBodyThroughAFile() throws Exception {
        startWith("limits: {requestBodyMemory: 0}", held());
        byte[] tiny = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
        var response = sendHeld(tiny);
        assertEquals(tiny.length, buffered("disk"));
        HttpResponse<String> r = released(response);
        assertEquals(200, r.statusCode());
        assertArrayEquals(tiny, upstreams.get(0).take().body());
        assertNothingHeldAfter(r);
    }

    @Test
    void whenTheDataDirCannotBeWrittenBodiesGoToTheSystemsTemporaryDirectory() throws Exception {
        // a data dir under the config file: it cannot be created, whoever piapi runs as
        startWith("server: {dataDir: config.yaml/data}\nlimits: {requestBodyMemory: " + BUDGET + "}", held());
        assertFalse(piapi.gateway.dataDir().writable());
        Path systemTemp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        var response = sendHeld(LARGE);
        assertEquals(1, openBodyFiles(systemTemp).size(), "the body file is in " + systemTemp);
        HttpResponse<String> r = released(response);
        assertArrayEquals(LARGE, upstreams.get(0).take().body());
        piapi.log.accessLine(GatewayHarness.requestId(r));
        assertEquals(List.of(), openBodyFiles(systemTemp));
        assertEquals(0, buffered("disk"));
    }
}
