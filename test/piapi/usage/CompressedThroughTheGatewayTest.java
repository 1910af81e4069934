package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import piapi.ledger.LedgerEntry;
import piapi.ledger.UsageState;
import piapi.support.Exposition;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.Ledgers;
import piapi.support.TestConfig;
import piapi.support.UpstreamGatewayBase;

/**
 * Compressed answers through the real gateway (issue 15, "Compression"): a gzip event stream reaches the client
 * byte for byte and undelayed, each event before the upstream sends the next, while its usage is read from a
 * decompressed copy; gzip error bodies are read the same way; piapi asks the upstream only for codings it can
 * read, and never compresses an event stream itself.
 */
@Timeout(60)
class CompressedThroughTheGatewayTest extends UpstreamGatewayBase {
    static final String KEY = "piapi-compressed-key-0001";

    void start(FakeUpstream.Script script) throws Exception {
        upstream = FakeUpstream.start(script);
        piapi = GatewayHarness.start(TestConfig.oneRoute("svc", upstream.url(), KEY));
    }

    HttpResponse<InputStream> post(String rest, String acceptEncoding) throws Exception {
        HttpRequest.Builder b = piapi.request("/piapi/svc/" + rest).header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"stream\":true}"));
        if (acceptEncoding != null) b.header("Accept-Encoding", acceptEncoding);
        return piapi.client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The SSE events of a fixture, each gzip-compressed and sync-flushed on its own, as a compressing proxy streams them. */
    static List<byte[]> gzipPerEvent(Fixture f) throws IOException {
        List<byte[]> pieces = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, true)) {
            for (String event : f.text().split("(?<=\n\n)")) {
                gz.write(event.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                gz.flush();
                pieces.add(out.toByteArray());
                out.reset();
            }
        }
        pieces.add(out.toByteArray()); // the gzip trailer
        return pieces;
    }

    @Test
    void aGzipEventStreamReachesTheClientByteIdenticalEachEventBeforeTheNextUpstreamRead() throws Exception {
        Fixture f = AnthropicFixtures.CACHED_STREAM;
        List<byte[]> pieces = gzipPerEvent(f);
        CountDownLatch[] received = new CountDownLatch[pieces.size()];
        for (int i = 0; i < received.length; i++) received[i] = new CountDownLatch(1);
        start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < pieces.size(); i++) {
                    out.write(pieces.get(i));
                    out.flush();
                    // the next piece is written only once the client holds this one: piapi cannot have read it yet
                    if (!received[i].await(10, TimeUnit.SECONDS)) throw new IOException("the client never got piece " + i);
                }
            }
        });
        HttpResponse<InputStream> r = post("v1/messages", "gzip");
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(null), "the upstream's encoding, untouched");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int piece = 0;
        long expected = pieces.get(0).length;
        try (InputStream in = r.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                got.write(buffer, 0, n);
                while (piece < pieces.size() && got.size() >= expected) {
                    received[piece++].countDown();
                    if (piece < pieces.size()) expected += pieces.get(piece).length;
                }
            }
        }
        assertEquals(pieces.size(), piece, "every piece arrived before the next was sent");
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (byte[] p : pieces) sent.writeBytes(p);
        assertArrayEquals(sent.toByteArray(), got.toByteArray(), "byte for byte what the upstream sent");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(got.toByteArray()))) {
            assertArrayEquals(f.bytes(), in.readAllBytes());
        }
        LedgerEntry e = Ledgers.entry(piapi, GatewayHarness.requestId(r));
        assertEquals(f.usage(), e.usage(), "read from the decompressed copy");
        assertEquals(UsageState.COMPLETE, e.usageState());
    }

    @Test
    void aGzipErrorBodyIsReadFromADecompressedCopyAndACorruptOneIsCounted() throws Exception {
        byte[] body = OpenAiFixtures.CHAT_ERROR_BODY.bytes();
        byte[] gz = MeterFeed.gzip(body);
        byte[][] next = {gz};
        start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.sendResponseHeaders(400, next[0].length);
            ex.getResponseBody().write(next[0]);
        });
        HttpResponse<InputStream> r = post("v1/chat/completions", "gzip, deflate");
        assertEquals(400, r.statusCode());
        assertArrayEquals(gz, r.body().readAllBytes());
        LedgerEntry e = Ledgers.entry(piapi, GatewayHarness.requestId(r));
        assertEquals(UsageState.UNKNOWN, e.usageState(), "an error answer reports no usage: unknown");
        assertEquals(0, issues("corrupt_encoding"), "it decoded cleanly");

        next[0] = new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5}; // a gzip header, then garbage
        HttpResponse<InputStream> corrupt = post("v1/chat/completions", "gzip");
        assertEquals(15, corrupt.body().readAllBytes().length, "relayed as it came");
        Ledgers.entry(piapi, GatewayHarness.requestId(corrupt));
        assertEquals(1, issues("corrupt_encoding"));
    }

    double issues(String issue) {
        return Exposition.parse(piapi.gateway.metrics().render()).value("piapi_usage_meter_issues_total", "issue", issue);
    }

    @Test
    void piapiNeverCompressesAnEventStreamItself() throws Exception {
        Fixture f = OpenAiFixtures.RESPONSES_COMPLETED;
        start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(f.bytes());
        });
        HttpResponse<InputStream> r = post("v1/responses", "gzip, deflate, br");
        assertFalse(r.headers().firstValue("Content-Encoding").isPresent(), "the client asked for gzip; piapi does not compress");
        assertArrayEquals(f.bytes(), r.body().readAllBytes());
        assertEquals(f.usage(), Ledgers.entry(piapi, GatewayHarness.requestId(r)).usage());
        Exposition m = Exposition.parse(piapi.gateway.metrics().render());
        assertEquals(4000, m.value("piapi_tokens_total", "service_type", "svc", "provider", "up", "kind", "input"));
        assertTrue(m.family("piapi_user_tokens_total").samples().isEmpty(), "no user label without metrics.perUser");
    }

    @Test
    void theUpstreamIsAskedOnlyForCodingsPiapiCanReadAmongThoseTheClientAccepts() throws Exception {
        start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Content-Encoding", "br"); // an upstream that ignores what it was asked for
            FakeUpstream.reply(ex, 200, "application/json", "not really brotli");
        });
        Map<String, String> asked = new java.util.LinkedHashMap<>();
        asked.put("br, gzip;q=0.8, zstd", "gzip;q=0.8");
        asked.put("gzip, deflate, br, zstd", "gzip, deflate");
        asked.put("br", "identity"); // identity stays acceptable unless refused
        asked.put("br, identity;q=0", "br, identity;q=0"); // nothing piapi can read: the client's own header
        asked.put(null, "identity");
        for (Map.Entry<String, String> a : asked.entrySet()) {
            HttpResponse<InputStream> r = post("v1/responses", a.getKey());
            r.body().readAllBytes();
            assertEquals(a.getValue(), upstream.take().header("Accept-Encoding"), "the client sent " + a.getKey());
            Ledgers.entry(piapi, GatewayHarness.requestId(r));
        }
        assertEquals(asked.size(), issues("unsupported_encoding"), "a br answer has unknown usage, counted");
        assertTrue(piapi.log.text().contains("\"usage\":\"unknown\""));
    }
}
