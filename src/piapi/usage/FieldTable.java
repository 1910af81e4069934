package piapi.usage;

import java.util.Arrays;

/**
 * Which JSON paths of one protocol hold what: {@code message.usage.cache_read_input_tokens} is a cache read
 * count, {@code response.model} the model answered. A path is packed into an int, 6 bits per key id from
 * {@link KeyDictionary} ({@link KeyDictionary#ARRAY} for an array element), relative to the event object; at
 * most {@value #MAX_LEVELS} levels. Tables are built once per JVM from path strings and never change.
 */
final class FieldTable {
    // Counts, in the provider's own terms (a role each; UsageTally turns them into a Usage).
    static final int INPUT = 0;
    static final int OUTPUT = 1;
    static final int CACHE_READ = 2;
    static final int CACHE_WRITE = 3;
    static final int CACHE_WRITE_5M = 4;
    static final int CACHE_WRITE_1H = 5;
    static final int REASONING = 6;
    static final int WEB_SEARCHES = 7;
    static final int TOOL_PROMPT = 8;
    static final int NUMBERS = 9;
    // Strings.
    static final int MODEL = 16;
    static final int TYPE = 17;
    static final int ITEM_TYPE = 18;
    // Booleans (request bodies).
    static final int STREAM = 24;
    static final int INCLUDE_USAGE = 25;
    static final int NONE = -1;

    /** The path of the event object itself; every key below it extends this. */
    static final int ROOT = 0;
    /** A path usage never reads: under an unknown key, or too deep. */
    static final int NO_PATH = -1;
    static final int MAX_LEVELS = 5;

    static final FieldTable ANTHROPIC = anthropic();
    static final FieldTable OPENAI_CHAT = new FieldTable()
            .put("model", MODEL)
            .put("usage.prompt_tokens", INPUT)
            .put("usage.completion_tokens", OUTPUT)
            .put("usage.prompt_tokens_details.cached_tokens", CACHE_READ)
            .put("usage.completion_tokens_details.reasoning_tokens", REASONING);
    static final FieldTable OPENAI_RESPONSES = responses();
    static final FieldTable GEMINI = new FieldTable()
            .put("modelVersion", MODEL)
            .put("usageMetadata.promptTokenCount", INPUT)
            .put("usageMetadata.candidatesTokenCount", OUTPUT)
            .put("usageMetadata.cachedContentTokenCount", CACHE_READ)
            .put("usageMetadata.thoughtsTokenCount", REASONING)
            .put("usageMetadata.toolUsePromptTokenCount", TOOL_PROMPT);
    static final FieldTable REQUEST = new FieldTable()
            .put("model", MODEL)
            .put("stream", STREAM)
            .put("stream_options.include_usage", INCLUDE_USAGE);

    private static final int SLOTS = 64;
    private final int[] codes = new int[SLOTS];
    private final byte[] fields = new byte[SLOTS];

    private FieldTable() {
        Arrays.fill(codes, NO_PATH);
    }

    /** The table for a protocol whose answers carry usage, or null for one whose answers are not read. */
    static FieldTable of(Protocol protocol) {
        return switch (protocol) {
            case ANTHROPIC_MESSAGES -> ANTHROPIC;
            case OPENAI_CHAT -> OPENAI_CHAT;
            case OPENAI_RESPONSES -> OPENAI_RESPONSES;
            case GEMINI -> GEMINI;
            case ANTHROPIC_COUNT_TOKENS, OTHER -> null;
        };
    }

    static boolean isNumber(int field) {
        return field >= 0 && field < NUMBERS;
    }

    static boolean isString(int field) {
        return field >= MODEL && field < STREAM;
    }

    static boolean isBoolean(int field) {
        return field >= STREAM;
    }

    /** The path one level below {@code parent}: {@link #NO_PATH} under an unknown key or past {@value #MAX_LEVELS} levels. */
    static int child(int parent, int keyId) {
        if (parent < 0 || keyId == KeyDictionary.OTHER || parent >= 1 << 6 * (MAX_LEVELS - 1)) return NO_PATH;
        return parent << 6 | keyId;
    }

    /** The field a value at this path holds, or {@link #NONE}. */
    int field(int code) {
        if (code <= 0) return NONE;
        for (int slot = slot(code); codes[slot] != NO_PATH; slot = (slot + 1) & (SLOTS - 1)) {
            if (codes[slot] == code) return fields[slot];
        }
        return NONE;
    }

    private FieldTable put(String path, int field) {
        int code = ROOT;
        for (String key : path.split("\\.")) {
            boolean array = key.endsWith("[]");
            code = child(code, KeyDictionary.id(array ? key.substring(0, key.length() - 2) : key));
            if (array) code = child(code, KeyDictionary.ARRAY);
        }
        if (code <= 0) throw new IllegalArgumentException("path too deep: " + path);
        int slot = slot(code);
        while (codes[slot] != NO_PATH) slot = (slot + 1) & (SLOTS - 1);
        codes[slot] = code;
        fields[slot] = (byte) field;
        return this;
    }

    private static int slot(int code) {
        return (code * 0x9E3779B1) >>> 26;
    }

    private static FieldTable anthropic() {
        FieldTable t = new FieldTable().put("type", TYPE).put("model", MODEL).put("message.model", MODEL);
        for (String usage : new String[] {"usage.", "message.usage."}) {
            t.put(usage + "input_tokens", INPUT)
                    .put(usage + "output_tokens", OUTPUT)
                    .put(usage + "cache_read_input_tokens", CACHE_READ)
                    .put(usage + "cache_creation_input_tokens", CACHE_WRITE)
                    .put(usage + "cache_creation.ephemeral_5m_input_tokens", CACHE_WRITE_5M)
                    .put(usage + "cache_creation.ephemeral_1h_input_tokens", CACHE_WRITE_1H)
                    .put(usage + "server_tool_use.web_search_requests", WEB_SEARCHES);
        }
        return t;
    }

    /** A JSON answer is the response object itself; a stream wraps it in {@code response} of each event. */
    private static FieldTable responses() {
        FieldTable t = new FieldTable().put("type", TYPE);
        for (String response : new String[] {"", "response."}) {
            t.put(response + "model", MODEL)
                    .put(response + "usage.input_tokens", INPUT)
                    .put(response + "usage.output_tokens", OUTPUT)
                    .put(response + "usage.input_tokens_details.cached_tokens", CACHE_READ)
                    .put(response + "usage.output_tokens_details.reasoning_tokens", REASONING)
                    .put(response + "output[].type", ITEM_TYPE);
        }
        return t;
    }
}
