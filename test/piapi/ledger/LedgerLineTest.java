package piapi.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import piapi.usage.Usage;

class LedgerLineTest {
    static String line(LedgerEntry e) {
        StringBuilder sb = new StringBuilder();
        LedgerLine.write(sb, e);
        return sb.toString();
    }

    @Test
    void everyFieldIsWrittenAndReadBack() {
        LedgerEntry e = new LedgerEntry(Instant.parse("2026-03-10T12:00:00.123Z"), "req-1", "alice", "claude_code", "anthropic", "main",
                "claude-opus-4-1", "claude-opus-4-1-20250805", 200, "ok", new Usage(1200, 1000, 100, 50, 300, 120, 2), 12_345_678,
                UsageState.COMPLETE, false);
        String line = line(e);
        assertEquals("{\"time\":\"2026-03-10T12:00:00.123Z\",\"request_id\":\"req-1\",\"user\":\"alice\",\"service\":\"claude_code\","
                + "\"provider\":\"anthropic\",\"key_name\":\"main\",\"model_requested\":\"claude-opus-4-1\","
                + "\"model_answered\":\"claude-opus-4-1-20250805\",\"status\":200,\"outcome\":\"ok\",\"usage\":\"complete\","
                + "\"input_tokens\":1200,\"cache_read_tokens\":1000,\"cache_write_5m_tokens\":100,\"cache_write_1h_tokens\":50,"
                + "\"output_tokens\":300,\"reasoning_tokens\":120,\"web_searches\":2,\"cost_usd\":0.012345678}", line);
        assertEquals(e, LedgerLine.parse(line));
    }

    @Test
    void absentCountsAreLeftOutAndStayAbsent() {
        LedgerEntry e = new LedgerEntry(Instant.parse("2026-03-10T12:00:00Z"), "req-2", "bob", "codex", "openai", "k", null, null, 499,
                "client_gone", new Usage(0, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT),
                LedgerEntry.UNPRICED, UsageState.PARTIAL, false);
        String line = line(e);
        assertTrue(line.contains("\"input_tokens\":0"), "an explicit 0 stays 0: " + line);
        assertFalse(line.contains("output_tokens"), "absent is not zero: " + line);
        assertFalse(line.contains("model_requested"));
        assertTrue(line.endsWith("\"unpriced\":true}"), line);
        assertFalse(line.contains("cost_usd"));
        LedgerEntry back = LedgerLine.parse(line);
        assertEquals(e, back);
        assertEquals(Usage.ABSENT, back.usage().output());
        assertFalse(back.priced());
    }

    @Test
    void tokenCountingCallsAreMarked() {
        LedgerEntry e = new LedgerEntry(Instant.parse("2026-03-10T12:00:00Z"), "r", "alice", "claude_code", "a", "k", "m", null, 200, "ok",
                Usage.UNKNOWN, 0, UsageState.UNKNOWN, true);
        String line = line(e);
        assertTrue(line.endsWith("\"cost_usd\":0,\"count_tokens\":true}"), line);
        assertEquals(e, LedgerLine.parse(line));
    }

    @Test
    void dollarsAreExactDecimals() {
        assertEquals("0", LedgerLine.dollars(0));
        assertEquals("0.000000001", LedgerLine.dollars(1));
        assertEquals("0.012345", LedgerLine.dollars(12_345_000));
        assertEquals("20", LedgerLine.dollars(20_000_000_000L));
        assertEquals("9223372036.854775807", LedgerLine.dollars(Long.MAX_VALUE));
        // a cost read back from its decimal is the same number of nanos
        for (long n : new long[] {1, 999, 12_345_678, 3_000_000_001L, 8_999_999_999_999_999L, Long.MAX_VALUE}) {
            LedgerEntry e = LedgerFixture.entry("x", Instant.EPOCH, "u", 1, 1, n);
            assertEquals(n, LedgerLine.parse(line(e)).costNanos(), "nanos " + n);
        }
    }

    @Test
    void namesWithQuotesAndNonAsciiSurviveTheLine() {
        LedgerEntry e = new LedgerEntry(Instant.parse("2026-03-10T12:00:00Z"), "r", "Zoë \"the\" admin", "svc", "p", "k",
                "model\u2028x", null, 200, "ok", Usage.UNKNOWN, LedgerEntry.UNPRICED, UsageState.UNKNOWN, false);
        String line = line(e);
        assertFalse(line.contains("\n") || line.contains("\u2028"), "one physical line: " + line);
        assertEquals(e, LedgerLine.parse(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"time\":\"2026-03-10T12:00", "{\"time\":\"yesterday\",\"user\":\"a\"}", "{\"user\":\"a\"}",
            "[1,2]", "garbage", "{\"time\":\"2026-03-10T12:00:00Z\",\"user\":\"a\""})
    void aTornOrForeignLineIsNotAnEntry(String line) {
        assertNull(LedgerLine.parse(line));
    }

    @Test
    void unknownFieldsAreIgnored() {
        LedgerEntry e = LedgerLine.parse("{\"time\":\"2026-03-10T12:00:00Z\",\"user\":\"a\",\"future_field\":[1],\"cost_usd\":2}");
        assertEquals("a", e.user());
        assertEquals(2_000_000_000L, e.costNanos());
        assertEquals(UsageState.UNKNOWN, e.usageState());
    }
}
