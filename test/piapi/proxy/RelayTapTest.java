package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.support.Exposition;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.TestConfig;

/** Relay taps see every byte the client gets; a tap that throws changes nothing for the client and is dropped. */
class RelayTapTest {
    static final String KEY = "piapi-alice-key-0001";
    static final byte[] FIRST = "data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] SECOND = "data: {\"n\":2}\n\n".getBytes(StandardCharsets.UTF_8);

    final CountDownLatch firstSeen = new CountDownLatch(1);
    final CountDownLatch witnessEnded = new CountDownLatch(1);
    final AtomicInteger throwingCalls = new AtomicInteger();
    final Witness witness = new Witness();
    FakeUpstream upstream;
    GatewayHarness piapi;

    /** Records what a tap is shown. */
    final class Witness implements RelayTap {
        final List<Integer> begins = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Boolean> ends = new CopyOnWriteArrayList<>();

        @Override
        public void begin(int status, HttpHeaders headers) {
            begins.add(status);
        }

        @Override
        public void chunk(byte[] buffer, int offset, int length) {
            bytes.write(buffer, offset, length);
        }

        @Override
        public void end(boolean complete) {
            ends.add(complete);
            witnessEnded.countDown();
        }
    }

    /** A tap that throws on every call, after scribbling over the bytes it was shown. */
    RelayTap throwing() {
        return new RelayTap() {
            @Override
            public void chunk(byte[] buffer, int offset, int length) {
                throwingCalls.incrementAndGet();
                java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'X'); // breaks the contract: the client must not notice
                throw new IllegalStateException("tap bug");
            }

            @Override
            public void end(boolean complete) {
                throwingCalls.incrementAndGet();
                throw new IllegalStateException("never called once dropped");
            }
        };
    }

    /** Two SSE events; the second is written only once the client has read the first. */
    void start(boolean breakAfterFirst) throws Exception {
        upstream = FakeUpstream.start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(FIRST);
            out.flush();
            if (!firstSeen.await(5, TimeUnit.SECONDS)) throw new IOException("the client never got the first event");
            if (breakAfterFirst) throw new IOException("upstream dies mid-stream");
            out.write(SECOND);
            out.close();
        });
        piapi = GatewayHarness.start(TestConfig.threeAuthModes(upstream.url()));
        piapi.gateway.relayTaps().register("witness", exchange -> witness);
        piapi.gateway.relayTaps().register("throwing", exchange -> throwing());
    }

    @AfterEach
    void stop() throws Exception {
        firstSeen.countDown();
        if (piapi != null) piapi.close();
        if (upstream != null) upstream.close();
    }

    HttpResponse<InputStream> stream() throws Exception {
        return piapi.client.send(piapi.request("/piapi/codex/responses").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    double tapFailures(String tap) throws Exception {
        return Exposition.parse(piapi.send(piapi.request("/metrics").GET().build()).body()).value("piapi_relay_tap_failures_total", "tap", tap);
    }

    @Test
    void aThrowingTapNeitherAltersNorDelaysAByteAndTheRequestCompletes() throws Exception {
        start(false);
        HttpResponse<InputStream> r = stream();
        assertEquals(200, r.statusCode());
        try (InputStream in = r.body()) {
            // the upstream holds the second event back until this read succeeds: the first was not delayed
            assertArrayEquals(FIRST, in.readNBytes(FIRST.length), "the first event, unchanged, though the tap threw on it");
            firstSeen.countDown();
            assertArrayEquals(SECOND, in.readAllBytes(), "the rest, and a clean end (the final chunk arrived)");
        }
        assertTrue(witnessEnded.await(5, TimeUnit.SECONDS));
        assertEquals(1, throwingCalls.get(), "dropped after its first failure: never called again for this request");
        assertEquals(1, tapFailures("throwing"));
        assertEquals(0, tapFailures("witness"));
        assertEquals(List.of(200), witness.begins);
        assertArrayEquals(concat(FIRST, SECOND), witness.bytes.toByteArray(), "the other tap saw every byte");
        assertEquals(List.of(true), witness.ends);
        assertEquals("ok", piapi.log.accessLine(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow()).get("outcome"));
    }

    @Test
    void aFailingTapIsDroppedForItsRequestOnly() throws Exception {
        start(false);
        firstSeen.countDown(); // no need to hold the stream back here
        for (int i = 1; i <= 2; i++) {
            HttpResponse<InputStream> r = stream();
            try (InputStream in = r.body()) {
                assertArrayEquals(concat(FIRST, SECOND), in.readAllBytes());
            }
            piapi.log.accessLine(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow());
            assertEquals(i, tapFailures("throwing"), "each request gets the tap afresh, and it fails afresh");
        }
    }

    @Test
    void aBrokenStreamEndsTheTapsIncomplete() throws Exception {
        start(true);
        HttpResponse<InputStream> r = stream();
        try (InputStream in = r.body()) {
            assertArrayEquals(FIRST, in.readNBytes(FIRST.length));
            firstSeen.countDown();
            assertThrows(IOException.class, in::readAllBytes, "the client sees the break");
        }
        assertTrue(witnessEnded.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(false), witness.ends);
        assertArrayEquals(FIRST, witness.bytes.toByteArray());
        assertFalse(witness.begins.isEmpty());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
