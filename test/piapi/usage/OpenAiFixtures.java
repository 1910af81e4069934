package piapi.usage;

import static piapi.usage.Fixture.ABSENT;
import static piapi.usage.Fixture.JSON;
import static piapi.usage.Fixture.SSE;
import static piapi.usage.Fixture.usage;
import static piapi.usage.UsageReading.State.COMPLETE;
import static piapi.usage.UsageReading.State.UNKNOWN;

import java.util.List;

/** OpenAI Chat Completions and Responses answers in the format of platform.openai.com's API reference. */
final class OpenAiFixtures {
    private OpenAiFixtures() {}

    /**
     * A Chat Completions stream with {@code stream_options.include_usage}: every chunk has {@code "usage":null}
     * but the last, whose {@code choices} is empty. The usage chunk is written over three {@code data:} lines
     * (legal SSE), and comment, id and retry lines come between events.
     */
    static final Fixture CHAT_STREAM_WITH_USAGE = new Fixture("chat stream with include_usage", Protocol.OPENAI_CHAT, SSE, """
            : OPENROUTER PROCESSING

            retry: 3000
            data: {"id":"chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2","object":"chat.completion.chunk","created":1738960610,"model":"o4-mini-2025-04-16","service_tier":"default","system_fingerprint":"fp_ef58bd3122","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2","object":"chat.completion.chunk","created":1738960610,"model":"o4-mini-2025-04-16","service_tier":"default","system_fingerprint":"fp_ef58bd3122","choices":[{"index":0,"delta":{"content":"Hello \\"world\\" – ünïcödé 😀"},"logprobs":null,"finish_reason":null}],"usage":null}

            id: 3
            data: {"id":"chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2","object":"chat.completion.chunk","created":1738960610,"model":"o4-mini-2025-04-16","service_tier":"default","system_fingerprint":"fp_ef58bd3122","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

            : keep-alive
            data: {"id":"chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2","object":"chat.completion.chunk","created":1738960610,"model":"o4-mini-2025-04-16",
            data: "service_tier":"default","system_fingerprint":"fp_ef58bd3122","choices":[],
            data: "usage":{"prompt_tokens":1200,"completion_tokens":350,"total_tokens":1550,"prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":128,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}

            data: [DONE]

            """, usage(1200, 1024, ABSENT, ABSENT, 350, 128, ABSENT), "o4-mini-2025-04-16", COMPLETE);

    /** The same stream without include_usage: no chunk carries usage, so it is unknown (the model is still known). */
    static final Fixture CHAT_STREAM_WITHOUT_USAGE = new Fixture("chat stream without include_usage", Protocol.OPENAI_CHAT, SSE, """
            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1738960610,"model":"gpt-4.1-mini-2025-04-14","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1738960610,"model":"gpt-4.1-mini-2025-04-14","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1738960610,"model":"gpt-4.1-mini-2025-04-14","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}

            data: [DONE]

            """, Usage.UNKNOWN, "gpt-4.1-mini-2025-04-14", UNKNOWN);

    /** A Chat Completions JSON answer, pretty-printed. */
    static final Fixture CHAT_JSON_ANSWER = new Fixture("chat JSON answer", Protocol.OPENAI_CHAT, JSON, """
            {
              "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
              "object": "chat.completion",
              "created": 1741570283,
              "model": "gpt-4o-2024-08-06",
              "choices": [
                {
                  "index": 0,
                  "message": {"role": "assistant", "content": "The image shows a wooden boardwalk.", "refusal": null, "annotations": []},
                  "logprobs": null,
                  "finish_reason": "stop"
                }
              ],
              "usage": {
                "prompt_tokens": 1117,
                "completion_tokens": 46,
                "total_tokens": 1163,
                "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
              },
              "service_tier": "default",
              "system_fingerprint": "fp_fc9f1d7035"
            }
            """, usage(1117, 1024, ABSENT, ABSENT, 46, 0, ABSENT), "gpt-4o-2024-08-06", COMPLETE);

    /** An OpenAI error answer (400): no usage. */
    static final Fixture CHAT_ERROR_BODY = new Fixture("openai error body", Protocol.OPENAI_CHAT, JSON, """
            {
              "error": {
                "message": "This model's maximum context length is 128000 tokens.",
                "type": "invalid_request_error",
                "param": "messages",
                "code": "context_length_exceeded"
              }
            }
            """, Usage.UNKNOWN, null, UNKNOWN);

    /**
     * A Responses stream that ran a web search: created and in_progress carry {@code "usage":null}; the usage,
     * and the web_search_call item, come with response.completed.
     */
    static final Fixture RESPONSES_COMPLETED = new Fixture("responses stream, completed", Protocol.OPENAI_RESPONSES, SSE, """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec","object":"response","created_at":1741290958,"status":"in_progress","error":null,"incomplete_details":null,"instructions":"You are a helpful assistant.","max_output_tokens":null,"model":"gpt-5-codex","output":[],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":"medium","summary":null},"store":true,"temperature":1.0,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[{"type":"web_search"}],"top_p":1.0,"truncation":"disabled","usage":null,"user":null,"metadata":{}}}

            event: response.in_progress
            data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec","object":"response","created_at":1741290958,"status":"in_progress","model":"gpt-5-codex","output":[],"usage":null}}

            event: response.output_item.added
            data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"ws_67c9fa077e288190af08fdffda2e34f2","type":"web_search_call","status":"in_progress"}}

            event: response.output_item.done
            data: {"type":"response.output_item.done","sequence_number":3,"output_index":0,"item":{"id":"ws_67c9fa077e288190af08fdffda2e34f2","type":"web_search_call","status":"completed","action":{"type":"search","query":"piapi gateway"}}}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_67c9fa0","output_index":1,"content_index":0,"delta":"Hi there{U+2028}friend","logprobs":[]}

            event: response.completed
            data: {"type":"response.completed","sequence_number":5,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec","object":"response","created_at":1741290958,"status":"completed","error":null,"incomplete_details":null,"model":"gpt-5-codex","output":[{"id":"rs_1","type":"reasoning","summary":[]},{"id":"ws_67c9fa077e288190af08fdffda2e34f2","type":"web_search_call","status":"completed","action":{"type":"search","query":"piapi gateway"}},{"id":"msg_67c9fa0","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there{U+2028}friend","annotations":[]}]}],"usage":{"input_tokens":4000,"input_tokens_details":{"cached_tokens":3500},"output_tokens":900,"output_tokens_details":{"reasoning_tokens":600},"total_tokens":4900},"user":null,"metadata":{}}}

            """, usage(4000, 3500, ABSENT, ABSENT, 900, 600, 1), "gpt-5-codex", COMPLETE);

    /** Stopped at max_output_tokens: the usage comes with response.incomplete. */
    static final Fixture RESPONSES_INCOMPLETE = new Fixture("responses stream, incomplete", Protocol.OPENAI_RESPONSES, SSE, """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_2","object":"response","status":"in_progress","model":"o3-2025-04-16","output":[],"usage":null}}

            event: response.incomplete
            data: {"type":"response.incomplete","sequence_number":7,"response":{"id":"resp_2","object":"response","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"model":"o3-2025-04-16","output":[{"id":"rs_2","type":"reasoning","summary":[]}],"usage":{"input_tokens":2000,"input_tokens_details":{"cached_tokens":0},"output_tokens":4096,"output_tokens_details":{"reasoning_tokens":4096},"total_tokens":6096}}}

            """, usage(2000, 0, ABSENT, ABSENT, 4096, 4096, 0), "o3-2025-04-16", COMPLETE);

    /** A failed response still reports what it used, with response.failed. */
    static final Fixture RESPONSES_FAILED = new Fixture("responses stream, failed", Protocol.OPENAI_RESPONSES, SSE, """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_3","object":"response","status":"in_progress","model":"gpt-5","output":[],"usage":null}}

            event: response.failed
            data: {"type":"response.failed","sequence_number":3,"response":{"id":"resp_3","object":"response","status":"failed","error":{"code":"server_error","message":"The model failed to generate a response."},"model":"gpt-5","output":[],"usage":{"input_tokens":1500,"input_tokens_details":{"cached_tokens":1024},"output_tokens":37,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":1537}}}

            """, usage(1500, 1024, ABSENT, ABSENT, 37, 0, 0), "gpt-5", COMPLETE);

    /** A Responses JSON answer (the response object itself), pretty-printed. */
    static final Fixture RESPONSES_JSON_ANSWER = new Fixture("responses JSON answer", Protocol.OPENAI_RESPONSES, JSON, """
            {
              "id": "resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41",
              "object": "response",
              "created_at": 1741476777,
              "status": "completed",
              "error": null,
              "incomplete_details": null,
              "model": "gpt-4.1-2025-04-14",
              "output": [
                {
                  "type": "message",
                  "id": "msg_67ccd3acc8d48190a77525dc6de64b4104becb25c45c1d41",
                  "status": "completed",
                  "role": "assistant",
                  "content": [{"type": "output_text", "text": "The image depicts a scenic landscape.", "annotations": []}]
                }
              ],
              "parallel_tool_calls": true,
              "temperature": 1.0,
              "usage": {
                "input_tokens": 328,
                "input_tokens_details": {"cached_tokens": 128},
                "output_tokens": 52,
                "output_tokens_details": {"reasoning_tokens": 0},
                "total_tokens": 380
              },
              "user": null,
              "metadata": {}
            }
            """, usage(328, 128, ABSENT, ABSENT, 52, 0, 0), "gpt-4.1-2025-04-14", COMPLETE);

    static List<Fixture> all() {
        return List.of(CHAT_STREAM_WITH_USAGE, CHAT_STREAM_WITHOUT_USAGE, CHAT_JSON_ANSWER, CHAT_ERROR_BODY, RESPONSES_COMPLETED,
                RESPONSES_INCOMPLETE, RESPONSES_FAILED, RESPONSES_JSON_ANSWER);
    }
}
