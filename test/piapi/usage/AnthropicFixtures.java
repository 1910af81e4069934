package piapi.usage;

import static piapi.usage.Fixture.ABSENT;
import static piapi.usage.Fixture.JSON;
import static piapi.usage.Fixture.SSE;
import static piapi.usage.Fixture.usage;
import static piapi.usage.UsageReading.State.COMPLETE;
import static piapi.usage.UsageReading.State.PARTIAL;
import static piapi.usage.UsageReading.State.UNKNOWN;

import java.util.List;

/** Anthropic Messages answers in the format of docs.anthropic.com (streaming, prompt caching, web search). */
final class AnthropicFixtures {
    private AnthropicFixtures() {}

    /**
     * Claude Code's usual answer: a large cache read, 1-hour cache writes, thinking, text with escapes, non-ASCII
     * characters and U+2028/U+2029, and a tool call whose streamed JSON mentions usage (a string, never a count).
     * Input = 3 + 41200 + 2318.
     */
    static final Fixture CACHED_STREAM = new Fixture("anthropic stream, 5m and 1h cache writes", Protocol.ANTHROPIC_MESSAGES, SSE, """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"cache_creation_input_tokens":2318,"cache_read_input_tokens":41200,"cache_creation":{"ephemeral_5m_input_tokens":118,"ephemeral_1h_input_tokens":2200},"output_tokens":1,"service_tier":"standard"}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"They want a \\"usage\\" summary: {\\"output_tokens\\": 99999}"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Naïve café – 😀 \\\\ C:\\\\tmp\\n\\u00e9\\ud83d\\ude00"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"line{U+2028}separator and{U+2029}paragraph"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: content_block_start
            data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"record","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"usage\\": {\\"input_tokens\\": 5"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"00}}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":2}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":412}}

            event: message_stop
            data: {"type":"message_stop"}

            """, usage(43521, 41200, 118, 2200, 412, ABSENT, ABSENT), "claude-sonnet-4-5-20250929", COMPLETE);

    /**
     * A web search: the final message_delta repeats the cache fields and corrects input_tokens upward (the
     * search results are input), and reports one search in server_tool_use.
     */
    static final Fixture WEB_SEARCH_STREAM = new Fixture("anthropic stream, web search", Protocol.ANTHROPIC_MESSAGES, SSE, """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_01G3pf9Jwxd5KmmLqp1FhLB8","type":"message","role":"assistant","model":"claude-opus-4-1-20250805","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":2679,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":3}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_014hJH82Qum7Td6UV8gDXThB","name":"web_search","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"query\\": \\"weather NYC today\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"web_search_tool_result","tool_use_id":"srvtoolu_014hJH82Qum7Td6UV8gDXThB","content":[{"type":"web_search_result","title":"Weather in New York City","url":"https://weather.example/nyc","encrypted_content":"Ev0DCioIAxgCIiQ3NmU4ZmI4OC1k","page_age":null}]}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: content_block_start
            data: {"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"It is sunny in New York."}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":2}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":10682,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":510,"server_tool_use":{"web_search_requests":1}}}

            event: message_stop
            data: {"type":"message_stop"}

            """, usage(10682, 0, 0, ABSENT, 510, ABSENT, 1), "claude-opus-4-1-20250805", COMPLETE);

    /** message_delta repeats fields, corrects a cache write from 0 to 200 (1 hour), and comes twice. Input = 50 + 1000 + 200. */
    static final Fixture CORRECTING_DELTA_STREAM = new Fixture("anthropic stream, deltas repeating and correcting", Protocol.ANTHROPIC_MESSAGES, SSE, """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":50,"cache_creation_input_tokens":0,"cache_read_input_tokens":1000,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":null,"stop_sequence":null},"usage":{"input_tokens":50,"cache_read_input_tokens":1000,"cache_creation_input_tokens":200,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":200},"output_tokens":60}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":99}}

            event: message_stop
            data: {"type":"message_stop"}

            """, usage(1250, 1000, 0, 200, 99, ABSENT, ABSENT), "claude-haiku-4-5", COMPLETE);

    /** A delta that reports input_tokens 0 (and zero cache reads): the real counts from message_start stand. Input = 1200 + 800 + 300. */
    static final Fixture ZERO_DELTA_STREAM = new Fixture("anthropic stream, delta with input_tokens 0", Protocol.ANTHROPIC_MESSAGES, SSE, """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_3","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1200,"cache_creation_input_tokens":300,"cache_read_input_tokens":800,"cache_creation":{"ephemeral_5m_input_tokens":300,"ephemeral_1h_input_tokens":0},"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":0,"cache_read_input_tokens":0,"cache_creation_input_tokens":0,"output_tokens":77}}

            event: message_stop
            data: {"type":"message_stop"}

            """, usage(2300, 800, 300, 0, 77, ABSENT, ABSENT), "claude-sonnet-4-5-20250929", COMPLETE);

    /** A JSON answer, pretty-printed, with 1-hour cache writes and two web searches; its text quotes a usage object. */
    static final Fixture JSON_ANSWER = new Fixture("anthropic JSON answer", Protocol.ANTHROPIC_MESSAGES, JSON, """
            {
              "id": "msg_01EcyWo6m4hyW8KHs2y2pei5",
              "type": "message",
              "role": "assistant",
              "model": "claude-opus-4-1-20250805",
              "content": [
                {"type": "text", "text": "Here is \\"it\\": {\\"usage\\": {\\"output_tokens\\": 1}}"}
              ],
              "stop_reason": "end_turn",
              "stop_sequence": null,
              "usage": {
                "input_tokens": 50,
                "cache_creation_input_tokens": 1500,
                "cache_read_input_tokens": 10000,
                "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 1500},
                "output_tokens": 321,
                "server_tool_use": {"web_search_requests": 2},
                "service_tier": "standard"
              }
            }
            """, usage(11550, 10000, 0, 1500, 321, ABSENT, 2), "claude-opus-4-1-20250805", COMPLETE);

    /** A JSON answer whose provider reported explicit zeros: they stay zeros. */
    static final Fixture ZERO_JSON_ANSWER = new Fixture("anthropic JSON answer, explicit zeros", Protocol.ANTHROPIC_MESSAGES, JSON, """
            {"id":"msg_0","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":"end_turn","stop_sequence":null,\
            "usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}""",
            usage(0, 0, 0, ABSENT, 0, ABSENT, ABSENT), "claude-haiku-4-5", COMPLETE);

    /** An error answer (529): no usage, which is unknown, not zero. */
    static final Fixture ERROR_BODY = new Fixture("anthropic error body", Protocol.ANTHROPIC_MESSAGES, JSON, """
            {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}""",
            Usage.UNKNOWN, null, UNKNOWN);

    /** The stream breaks off with an error event after message_start: what was seen, partial. */
    static final Fixture ERROR_MID_STREAM = new Fixture("anthropic stream, error event mid-stream", Protocol.ANTHROPIC_MESSAGES, SSE, """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_4","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":500,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

            """, usage(500, 0, 0, ABSENT, 1, ABSENT, ABSENT), "claude-sonnet-4-5", PARTIAL);

    static List<Fixture> all() {
        return List.of(CACHED_STREAM, WEB_SEARCH_STREAM, CORRECTING_DELTA_STREAM, ZERO_DELTA_STREAM, JSON_ANSWER, ZERO_JSON_ANSWER,
                ERROR_BODY, ERROR_MID_STREAM);
    }
}
