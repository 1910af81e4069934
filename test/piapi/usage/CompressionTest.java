package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.usage.MeterFeed.assertEveryChunking;
import static piapi.usage.MeterFeed.assertReads;
import static piapi.usage.MeterFeed.feed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Compressed answers are read from a decompressed copy, one relayed read at a time; the relayed bytes are never touched. */
class CompressionTest {
    @Test
    void gzipIsDecodedOneRelayedReadAtATimeWithoutWaitingForTheEndOfABlock() throws IOException {
        // a compressor flushing after each line, as Cloudflare does in front of an SSE upstream; the client leaves
        // right after message_start's blank line: its counts were read from that read alone
        byte[] body = AnthropicFixtures.CACHED_STREAM.bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int afterMessageStart = -1;
        try (GZIPOutputStream gz = new GZIPOutputStream(out, true)) {
            int from = 0;
            int lines = 0;
            for (int i = 0; i < body.length; i++) {
                if (body[i] != '\n') continue;
                gz.write(body, from, i + 1 - from);
                gz.flush();
                from = i + 1;
                if (++lines == 3) afterMessageStart = out.size();
            }
        }
        byte[] compressed = out.toByteArray();
        UsageReading r = feed(Protocol.ANTHROPIC_MESSAGES, Fixture.SSE, "gzip", Arrays.copyOf(compressed, afterMessageStart), false);
        assertEquals(UsageReading.State.PARTIAL, r.state());
        assertEquals(43521, r.usage().input());
        assertEquals(1, r.usage().output());
        assertEquals("claude-sonnet-4-5-20250929", r.modelAnswered());
    }

    @Test
    void aGzipErrorBodyIsReadWithoutFailing() {
        for (Fixture error : List.of(AnthropicFixtures.ERROR_BODY, OpenAiFixtures.CHAT_ERROR_BODY)) {
            UsageMeter meter = new UsageMeter(error.protocol());
            meter.begin(529, "application/json", "gzip");
            byte[] gz = MeterFeed.gzip(error.bytes());
            meter.accept(gz, 0, gz.length);
            UsageReading r = meter.finish(true);
            assertEquals(UsageReading.State.UNKNOWN, r.state());
            assertEquals(Set.of(), r.issues());
        }
    }

    @Test
    void aGzipHeaderWithExtraFieldNameCommentAndHeaderCrcIsRead() {
        Fixture f = OpenAiFixtures.RESPONSES_COMPLETED;
        byte[] body = f.bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 1, 2, 3, 4, 0, 3}); // FHCRC FEXTRA FNAME FCOMMENT
        out.writeBytes(new byte[] {5, 0, 'A', 'P', 1, 0, 9}); // XLEN 5, a subfield
        out.writeBytes("usage.sse\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("from piapi's tests\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {0x12, 0x34}); // header CRC16
        out.writeBytes(MeterFeed.deflate(body, true));
        CRC32 crc = new CRC32();
        crc.update(body);
        out.writeBytes(littleEndian((int) crc.getValue()));
        out.writeBytes(littleEndian(body.length));
        assertEveryChunking(f, "gzip", out.toByteArray());
    }

    @Test
    void severalGzipMembersInARowAreOneBody() {
        Fixture f = GeminiFixtures.SSE_STREAM;
        assertEveryChunking(f, "gzip", MeterFeed.gzipMemberPerLine(f.bytes()));
    }

    @Test
    void anUnsupportedEncodingLeavesTheUsageUnknownAndIsCounted() {
        for (String encoding : List.of("br", "zstd", "compress", "gzip, br", "gzip, gzip")) {
            UsageReading r = feed(Protocol.ANTHROPIC_MESSAGES, Fixture.JSON, encoding, AnthropicFixtures.JSON_ANSWER.bytes(), true);
            assertEquals(UsageReading.State.UNKNOWN, r.state(), encoding);
            assertEquals(Set.of(MeterIssue.UNSUPPORTED_ENCODING), r.issues(), encoding);
        }
        for (String identity : List.of("identity", "", " Identity ")) {
            assertReads(AnthropicFixtures.JSON_ANSWER,
                    feed(Protocol.ANTHROPIC_MESSAGES, Fixture.JSON, identity, AnthropicFixtures.JSON_ANSWER.bytes(), true), identity);
        }
    }

    @Test
    void corruptCompressedDataLeavesTheUsageUnknownAndIsCounted() {
        byte[] gz = MeterFeed.gzip(AnthropicFixtures.CACHED_STREAM.bytes());
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 1;
        byte[] badSize = gz.clone();
        badSize[gz.length - 1] ^= 1;
        byte[] badMagic = gz.clone();
        badMagic[1] = (byte) 0x8c;
        byte[] badData = gz.clone();
        for (int i = 20; i < 40; i++) badData[i] ^= (byte) 0x5A;
        for (byte[] corrupt : List.of(badCrc, badSize, badMagic, badData)) {
            UsageReading r = feed(Protocol.ANTHROPIC_MESSAGES, Fixture.SSE, "gzip", corrupt, true);
            assertEquals(UsageReading.State.UNKNOWN, r.state());
            assertEquals(Usage.UNKNOWN, r.usage());
            assertEquals(Set.of(MeterIssue.CORRUPT_ENCODING), r.issues());
        }
    }

    @Test
    void aCompressedBodyCutShortIsPartial() {
        byte[] gz = MeterFeed.gzip(AnthropicFixtures.CACHED_STREAM.bytes());
        UsageReading r = feed(Protocol.ANTHROPIC_MESSAGES, Fixture.SSE, "gzip", Arrays.copyOf(gz, gz.length - 8), true);
        assertEquals(UsageReading.State.PARTIAL, r.state()); // the HTTP body ended cleanly, the gzip stream did not
        assertEquals(AnthropicFixtures.CACHED_STREAM.usage(), r.usage());
    }

    @Test
    void aCompressionBombStopsReadingAtTheBoundAndIsCounted() {
        // the answer, then 64 MB of spaces (legal JSON white space) that compress to about 64 KB
        byte[] answer = AnthropicFixtures.JSON_ANSWER.bytes();
        byte[] padded = Arrays.copyOf(answer, answer.length + 64 * 1024 * 1024);
        Arrays.fill(padded, answer.length, padded.length, (byte) ' ');
        byte[] gz = MeterFeed.gzip(padded);
        assertTrue(gz.length < 200_000);
        UsageReading r = feed(Protocol.ANTHROPIC_MESSAGES, Fixture.JSON, "gzip", gz, true);
        assertEquals(Set.of(MeterIssue.INFLATE_LIMIT), r.issues());
        assertEquals(UsageReading.State.PARTIAL, r.state());
        assertEquals(AnthropicFixtures.JSON_ANSWER.usage(), r.usage()); // read before the bound, never guessed
    }

    private static byte[] littleEndian(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
