package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.TestConfig;
import piapi.support.UpstreamGatewayBase;

/**
 * Answers relayed by the real gateway from a real upstream: the client receives the upstream's bytes
 * untouched (compressed ones included), and a meter fed those bytes, read by read as they arrive, with the
 * response's own headers, reads the counts written in them.
 */
@Timeout(60)
class RelayedAnswersTest extends UpstreamGatewayBase {
    static final String KEY = "piapi-usage-test-key-0001";

    /** The upstream sends {@code body} with this encoding, flushing after every piece, as a streaming upstream does. */
    void start(String contentType, String encoding, List<byte[]> pieces) throws Exception {
        upstream = FakeUpstream.start((ex, r) -> FakeUpstream.replyInPieces(ex, 200, contentType, encoding, pieces));
        piapi = GatewayHarness.start(TestConfig.oneRoute("svc", upstream.url(), KEY));
    }

    /** POSTs through piapi, feeds each read of the raw body to a meter, and returns the reading and the bytes. */
    Relayed relay(Protocol protocol, String rest) throws Exception {
        HttpRequest request = piapi.request("/piapi/svc/" + rest).header("Authorization", "Bearer " + KEY)
                .header("Accept-Encoding", "gzip, deflate").POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build();
        HttpResponse<InputStream> response = piapi.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        UsageMeter meter = new UsageMeter(protocol);
        meter.begin(response.statusCode(), response.headers());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                meter.accept(buffer, 0, n);
                received.write(buffer, 0, n);
            }
        }
        return new Relayed(meter.finish(true), received.toByteArray());
    }

    record Relayed(UsageReading reading, byte[] bytes) {}

    @Test
    void aGzipEventStreamReachesTheClientUntouchedAndItsUsageIsRead() throws Exception {
        Fixture f = AnthropicFixtures.CACHED_STREAM;
        byte[] gz = MeterFeed.gzipFlushedPerLine(f.bytes());
        start(Fixture.SSE, "gzip", chunks(gz, 97));
        Relayed r = relay(f.protocol(), "v1/messages");
        assertArrayEquals(gz, r.bytes());
        MeterFeed.assertReads(f, r.reading(), "relayed");
    }

    @Test
    void aDeflateJsonAnswerReachesTheClientUntouchedAndItsUsageIsRead() throws Exception {
        Fixture f = OpenAiFixtures.RESPONSES_JSON_ANSWER;
        byte[] deflated = MeterFeed.deflate(f.bytes(), false);
        start(Fixture.JSON + "; charset=utf-8", "deflate", chunks(deflated, 50));
        Relayed r = relay(f.protocol(), "v1/responses");
        assertArrayEquals(deflated, r.bytes());
        MeterFeed.assertReads(f, r.reading(), "relayed");
    }

    @Test
    void anUncompressedGeminiStreamWithCrlfLineEndsIsRead() throws Exception {
        Fixture f = GeminiFixtures.SSE_STREAM.crlf();
        start(Fixture.SSE, null, chunks(f.bytes(), 61));
        Relayed r = relay(f.protocol(), "v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
        assertArrayEquals(f.bytes(), r.bytes());
        MeterFeed.assertReads(f, r.reading(), "relayed");
        assertEquals(620, r.reading().usage().output());
    }

    /** The body in pieces of {@code size} bytes, each flushed on its own. */
    static List<byte[]> chunks(byte[] body, int size) {
        List<byte[]> pieces = new java.util.ArrayList<>();
        for (int i = 0; i < body.length; i += size) pieces.add(java.util.Arrays.copyOfRange(body, i, Math.min(body.length, i + size)));
        return pieces;
    }
}
