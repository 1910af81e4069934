package piapi.usage;

import static piapi.usage.Fixture.ABSENT;
import static piapi.usage.Fixture.JSON;
import static piapi.usage.Fixture.SSE;
import static piapi.usage.Fixture.usage;
import static piapi.usage.UsageReading.State.COMPLETE;

import java.util.List;

/** Gemini generateContent / streamGenerateContent answers in the format of ai.google.dev's API reference. */
final class GeminiFixtures {
    private GeminiFixtures() {}

    private static final String CHUNK_1 = """
            {"candidates": [{"content": {"parts": [{"text": "The"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9000,"totalTokenCount": 9000,"cachedContentTokenCount": 8000,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 9000}],"cacheTokensDetails": [{"modality": "TEXT","tokenCount": 8000}]},"modelVersion": "gemini-2.5-pro","responseId": "mAitaOv4J8Gk1e8P1uWBmQI"}""";
    private static final String CHUNK_2 = """
            {"candidates": [{"content": {"parts": [{"text": " quick brown"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9000,"candidatesTokenCount": 40,"totalTokenCount": 9540,"cachedContentTokenCount": 8000,"thoughtsTokenCount": 500},"modelVersion": "gemini-2.5-pro","responseId": "mAitaOv4J8Gk1e8P1uWBmQI"}""";
    private static final String CHUNK_3 = """
            {"candidates": [{"content": {"parts": [{"text": " fox.{U+2028}Done – ✓"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 9000,"candidatesTokenCount": 120,"totalTokenCount": 9620,"cachedContentTokenCount": 8000,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 9000}],"cacheTokensDetails": [{"modality": "TEXT","tokenCount": 8000}],"thoughtsTokenCount": 500},"modelVersion": "gemini-2.5-pro","responseId": "mAitaOv4J8Gk1e8P1uWBmQI"}""";

    /** 9000 prompt tokens (8000 of them cached), 120 candidate tokens + 500 thoughts: the last chunk's counts. */
    private static final Usage STREAMED = usage(9000, 8000, ABSENT, ABSENT, 620, 500, ABSENT);

    /** streamGenerateContent?alt=sse; the second chunk is written {@code data:} with no space. Gemini ends lines with CRLF. */
    static final Fixture SSE_STREAM = new Fixture("gemini SSE stream", Protocol.GEMINI, SSE,
            "data: " + CHUNK_1 + "\n\ndata:" + CHUNK_2 + "\n\ndata: " + CHUNK_3 + "\n\n", STREAMED, "gemini-2.5-pro", COMPLETE);

    /** streamGenerateContent without alt=sse: one JSON array whose elements arrive one by one. */
    static final Fixture JSON_ARRAY_STREAM = new Fixture("gemini JSON array stream", Protocol.GEMINI, JSON,
            "[" + CHUNK_1 + "\r\n,\r\n" + CHUNK_2 + "\r\n,\r\n" + CHUNK_3 + "]", STREAMED, "gemini-2.5-pro", COMPLETE);

    /** generateContent: a function call, thoughts, and a tool-use prompt (input = 100 + 50, output = 20 + 30). */
    static final Fixture JSON_ANSWER = new Fixture("gemini JSON answer", Protocol.GEMINI, JSON, """
            {
              "candidates": [
                {
                  "content": {
                    "parts": [
                      {"text": "Let me check."},
                      {"functionCall": {"name": "get_usage", "args": {"usageMetadata": {"promptTokenCount": 1}}}}
                    ],
                    "role": "model"
                  },
                  "finishReason": "STOP",
                  "index": 0
                }
              ],
              "usageMetadata": {
                "promptTokenCount": 100,
                "candidatesTokenCount": 20,
                "totalTokenCount": 200,
                "toolUsePromptTokenCount": 50,
                "thoughtsTokenCount": 30
              },
              "modelVersion": "gemini-2.5-flash",
              "responseId": "x1"
            }
            """, usage(150, ABSENT, ABSENT, ABSENT, 50, 30, ABSENT), "gemini-2.5-flash", COMPLETE);

    static List<Fixture> all() {
        return List.of(SSE_STREAM, SSE_STREAM.crlf(), JSON_ARRAY_STREAM, JSON_ANSWER);
    }
}
