package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.ledger.UsageState;
import piapi.support.Exposition;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.Ledgers;
import piapi.support.TestConfig;
import piapi.support.UpstreamGatewayBase;

/**
 * Issue 15's counting rules end to end: an upstream sends a recorded answer (written to the provider's published
 * format), the real gateway relays it, and the client receives the upstream's bytes untouched while the usage
 * ledger, the access log, the request log and the token metrics get the counts written in the answer. Answers are
 * sent in small flushed pieces, so the relay reads them in many pieces too.
 */
@Timeout(60)
class CountedThroughTheGatewayTest extends UpstreamGatewayBase {
    static final String KEY = "piapi-counting-key-0001";
    static final String ADMIN = "admin-token-for-counting-tests";
    /** What the upstream answers next: status, content type, encoding (or null) and the body's pieces. */
    volatile Answer answer;

    record Answer(int status, String contentType, String encoding, List<byte[]> pieces) {}

    /** What one request through piapi left: the response, the bytes the client received, and the ledger's entry. */
    record Relayed(HttpResponse<InputStream> response, byte[] received, LedgerEntry entry, Map<String, Object> accessLine) {}

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start((ex, r) -> {
            Answer a = answer;
            FakeUpstream.replyInPieces(ex, a.status(), a.contentType(), a.encoding(), a.pieces());
        });
        piapi = GatewayHarness.start(TestConfig.oneRoute("svc", upstream.url(), KEY).section("""
                pricing:
                  claude-sonnet-4-5: { input: 3, output: 15, cacheRead: 0.30, cacheWrite5m: 3.75, cacheWrite1h: 6 }
                  claude-haiku-4-5: { input: 1, output: 5, cacheRead: 0.10, cacheWrite5m: 1.25, cacheWrite1h: 2 }
                metrics: { perUser: true }
                """), Map.of("PIAPI_ADMIN_TOKEN", ADMIN));
    }

    static String rest(Fixture f) {
        return switch (f.protocol()) {
            case ANTHROPIC_MESSAGES -> "v1/messages";
            case OPENAI_CHAT -> "v1/chat/completions";
            case OPENAI_RESPONSES -> "v1/responses";
            case GEMINI -> f.contentType().equals(Fixture.SSE) ? "v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"
                    : "v1beta/models/gemini-2.5-pro:streamGenerateContent";
            default -> throw new IllegalArgumentException(f.toString());
        };
    }

    /** POSTs through piapi, reads the whole body raw, and returns it with the request's ledger entry. */
    Relayed relay(String rest, String acceptEncoding) throws Exception {
        HttpRequest.Builder b = piapi.request("/piapi/svc/" + rest).header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"model-asked-for\",\"stream\":true}"));
        if (acceptEncoding != null) b.header("Accept-Encoding", acceptEncoding);
        HttpResponse<InputStream> r = piapi.client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (InputStream in = r.body()) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) received.write(buffer, 0, n);
        } catch (java.io.IOException e) {
            // a broken response: what arrived before the break is what the client got
        }
        String id = GatewayHarness.requestId(r);
        return new Relayed(r, received.toByteArray(), Ledgers.entry(piapi, id), piapi.log.accessLine(id));
    }

    /** Sends the fixture's answer in pieces of {@code size} bytes, each flushed, and checks what was recorded. */
    Relayed through(Fixture f, int size) throws Exception {
        answer = new Answer(200, f.contentType(), null, RelayedAnswersTest.chunks(f.bytes(), size));
        Relayed r = relay(rest(f), null);
        assertArrayEquals(f.bytes(), r.received(), f + ": the client receives the upstream's bytes untouched");
        assertRecorded(f, r.entry());
        return r;
    }

    static void assertRecorded(Fixture f, LedgerEntry e) {
        assertEquals(f.usage(), e.usage(), f + ": the ledger's counts");
        assertEquals(f.model(), e.modelAnswered(), f + ": the model answered");
        assertEquals(f.protocol() == Protocol.GEMINI ? "gemini-2.5-pro" : "model-asked-for", e.modelRequested(),
                f + ": the model requested (Gemini names it in the path)");
        assertEquals(UsageState.of(f.state()), e.usageState(), f + ": how much was seen");
    }

    @Test
    void anthropicTotalInputAddsCacheReadsAndWritesSplitIntoFiveMinuteAndOneHour() throws Exception {
        Relayed r = through(AnthropicFixtures.CACHED_STREAM, 97);
        LedgerEntry e = r.entry();
        assertEquals(3 + 41200 + 2318, e.usage().input());
        assertEquals(118, e.usage().cacheWrite5m());
        assertEquals(2200, e.usage().cacheWrite1h(), "Claude Code writes almost only 1-hour entries");
        // priced by the model answered: 3 x $3 + 41200 x $0.30 + 118 x $3.75 + 2200 x $6 + 412 x $15, per million
        assertEquals(9_000 + 12_360_000 + 442_500 + 13_200_000 + 6_180_000, e.costNanos());
        Map<String, Object> line = r.accessLine();
        assertEquals(43521L, line.get("input_tokens"));
        assertEquals(41200L, line.get("cache_read_tokens"));
        assertEquals(118L, line.get("cache_write_5m_tokens"));
        assertEquals(2200L, line.get("cache_write_1h_tokens"));
        assertEquals(412L, line.get("output_tokens"));
        assertFalse(line.containsKey("reasoning_tokens"), "not reported: left out, not 0");
        assertEquals("complete", line.get("usage"));
        assertEquals("model-asked-for", line.get("model"));
        assertEquals("claude-sonnet-4-5-20250929", line.get("model_answered"));
        assertEquals(0.0321915, ((Number) line.get("cost_usd")).doubleValue(), 1e-12);
        Map<?, ?> logged = (Map<?, ?>) ((List<?>) JsonReader.parseObject(piapi.send(piapi.request("/piadmin/api/logs?limit=1")
                .header("Authorization", "Bearer " + ADMIN).GET().build()).body()).get("logs")).get(0);
        assertEquals(43521L, logged.get("input_tokens"), "the request log has the usage too");
        assertEquals(0.0321915, ((Number) logged.get("cost_usd")).doubleValue(), 1e-12);
        Exposition m = Exposition.parse(piapi.gateway.metrics().render());
        assertEquals(43521, m.value("piapi_tokens_total", "service_type", "svc", "provider", "up", "kind", "input"));
        assertEquals(2200, m.value("piapi_tokens_total", "service_type", "svc", "provider", "up", "kind", "cache_write_1h"));
        assertEquals(412, m.value("piapi_user_tokens_total", "user", "alice", "service_type", "svc", "provider", "up", "kind", "output"));
    }

    @Test
    void anthropicMessageDeltaIsMergedFieldByFieldNeverOverwrittenByAZeroOrAMissingField() throws Exception {
        assertEquals(99, through(AnthropicFixtures.CORRECTING_DELTA_STREAM, 53).entry().usage().output());
        LedgerEntry zeroDelta = through(AnthropicFixtures.ZERO_DELTA_STREAM, 41).entry();
        assertEquals(2300, zeroDelta.usage().input(), "a delta's input_tokens: 0 never overwrites message_start's count");
    }

    @Test
    void anthropicWebSearchesAreCounted() throws Exception {
        assertEquals(1, through(AnthropicFixtures.WEB_SEARCH_STREAM, 64).entry().usage().webSearches());
        assertEquals(2, through(AnthropicFixtures.JSON_ANSWER, 64).entry().usage().webSearches());
    }

    @Test
    void openAiCachedAndReasoningTokensAreInsideTheirTotalsNeverAddedTwice() throws Exception {
        LedgerEntry chat = through(OpenAiFixtures.CHAT_STREAM_WITH_USAGE, 71).entry();
        assertEquals(1200, chat.usage().input(), "prompt_tokens, cached ones included");
        assertEquals(1024, chat.usage().cacheRead());
        assertEquals(350, chat.usage().output(), "completion_tokens, reasoning included");
        assertEquals(128, chat.usage().reasoning());
        through(OpenAiFixtures.CHAT_JSON_ANSWER, 71);
        through(OpenAiFixtures.RESPONSES_JSON_ANSWER, 71);
    }

    @Test
    void responsesUsageComesFromCompletedIncompleteOrFailed() throws Exception {
        assertEquals(4000, through(OpenAiFixtures.RESPONSES_COMPLETED, 113).entry().usage().input());
        assertEquals(4096, through(OpenAiFixtures.RESPONSES_INCOMPLETE, 113).entry().usage().output());
        assertEquals(1500, through(OpenAiFixtures.RESPONSES_FAILED, 113).entry().usage().input());
    }

    @Test
    void geminiLastUsageMetadataWinsThoughtsAreOutputAndCachedIsInsideThePrompt() throws Exception {
        LedgerEntry sse = through(GeminiFixtures.SSE_STREAM, 89).entry();
        assertEquals(9000, sse.usage().input());
        assertEquals(8000, sse.usage().cacheRead());
        assertEquals(620, sse.usage().output(), "120 candidates + 500 thoughts");
        through(GeminiFixtures.JSON_ARRAY_STREAM, 89);
        through(GeminiFixtures.JSON_ANSWER, 89);
    }

    @Test
    void anAnswerWithoutUsageIsUnknownAndUnpricedNeverZero() throws Exception {
        LedgerEntry e = through(OpenAiFixtures.CHAT_STREAM_WITHOUT_USAGE, 60).entry();
        assertEquals(UsageState.UNKNOWN, e.usageState());
        assertEquals(-1, e.usage().input());
        assertFalse(e.priced(), "unknown usage is unpriced, never $0");
        answer = new Answer(529, Fixture.JSON, null, List.of(AnthropicFixtures.ERROR_BODY.bytes()));
        Relayed error = relay("v1/messages", null);
        assertEquals(529, error.response().statusCode());
        assertEquals(UsageState.UNKNOWN, error.entry().usageState());
        assertEquals(true, error.accessLine().get("unpriced"));
        assertFalse(error.accessLine().containsKey("input_tokens"), "absent is not zero");
    }

    @Test
    void anExplicitZeroStaysZero() throws Exception {
        LedgerEntry e = through(AnthropicFixtures.ZERO_JSON_ANSWER, 40).entry();
        assertEquals(0, e.usage().input());
        assertEquals(0, e.usage().output());
        assertEquals(0, e.costNanos(), "a priced model that used nothing costs 0");
    }

    @Test
    void anUpstreamThatBreaksOffRecordsWhatWasSeenAsPartialAndNothingIsEstimated() throws Exception {
        byte[] all = AnthropicFixtures.CACHED_STREAM.bytes();
        String text = AnthropicFixtures.CACHED_STREAM.text();
        int cut = text.indexOf("\"output_tokens\":412") + 10; // mid-way through the final usage event
        byte[] head = java.util.Arrays.copyOf(all, text.substring(0, cut).getBytes(StandardCharsets.UTF_8).length);
        upstream.script((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", Fixture.SSE);
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(head);
            ex.getResponseBody().flush();
            throw new java.io.IOException("the upstream breaks off");
        });
        Relayed r = relay("v1/messages", null);
        assertArrayEquals(head, r.received(), "what the upstream sent, and no clean end");
        LedgerEntry e = r.entry();
        assertEquals(UsageState.PARTIAL, e.usageState());
        assertEquals(43521, e.usage().input(), "message_start's counts were seen");
        assertEquals(1, e.usage().output(), "the cut-off event counts nothing: no estimate of the 412");
        assertEquals("upstream_error", e.outcome());
    }

    @Test
    void everyEventIsReadHoweverTheBytesAreSplit() throws Exception {
        // CRLF line ends (split across reads), data: with no space, U+2028 in a JSON string and multi-byte characters,
        // each byte written and flushed on its own, so the relay reads it in pieces that cut through all of these
        Fixture f = AnthropicFixtures.CACHED_STREAM.crlf();
        Fixture noSpace = new Fixture(f.name() + ", data: without a space", f.protocol(), f.contentType(), f.text().replace("data: ", "data:"),
                f.usage(), f.model(), f.state());
        assertTrue(noSpace.text().contains("\u2028") && noSpace.text().contains("😀"));
        through(noSpace, 1);
        through(GeminiFixtures.SSE_STREAM.crlf(), 1);
    }

    /**
     * Every recorded answer of every protocol through the running gateway, each byte written and flushed on its
     * own so the relay's reads can end at any byte: as written, with CRLF line ends (event streams), and as a
     * gzip copy flushed per line the way a streaming compressor sends it (Cloudflare in front of Anthropic). The
     * client receives the upstream's bytes untouched and the ledger has the counts written in the answer.
     */
    @TestFactory
    Stream<DynamicTest> everyFixtureThroughTheGatewayByteByByteAsWrittenWithCrlfAndGzipped() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Fixture> all = new ArrayList<>(AnthropicFixtures.all());
        all.addAll(OpenAiFixtures.all());
        all.addAll(GeminiFixtures.all());
        for (Fixture f : all) {
            tests.add(DynamicTest.dynamicTest(f.name(), () -> through(f, 1)));
            if (f.contentType().equals(Fixture.SSE)) tests.add(DynamicTest.dynamicTest(f.name() + ", CRLF", () -> through(f.crlf(), 1)));
            tests.add(DynamicTest.dynamicTest(f.name() + ", gzip", () -> {
                byte[] gzipped = MeterFeed.gzipFlushedPerLine(f.bytes());
                answer = new Answer(200, f.contentType(), "gzip", RelayedAnswersTest.chunks(gzipped, 1));
                Relayed r = relay(rest(f), "gzip");
                assertEquals("gzip", r.response().headers().firstValue("Content-Encoding").orElse(null));
                assertArrayEquals(gzipped, r.received(), f + ": the client receives the compressed bytes untouched");
                assertRecorded(f, r.entry());
            }));
        }
        return tests.stream();
    }
}
