package piapi.usage;

import java.nio.charset.StandardCharsets;

/**
 * The JSON keys on the way to a usage count, a model id or an event type, each with a small id (1..62) so that a
 * path such as {@code message.usage.cache_creation.ephemeral_1h_input_tokens} packs into one int (6 bits a level).
 * A key that is not here is {@link #OTHER}: nothing below it is ever read. The table is built once per JVM and
 * never changes; a lookup hashes the key's bytes and compares at most a few entries, allocating nothing.
 */
final class KeyDictionary {
    /** A key usage never looks at. */
    static final int OTHER = 0;
    /** The pseudo-key of an array element in a path. */
    static final int ARRAY = 63;

    private static final String[] KEYS = {
        "type", "model", "message", "usage", "input_tokens", "output_tokens", "cache_read_input_tokens",
        "cache_creation_input_tokens", "cache_creation", "ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens",
        "server_tool_use", "web_search_requests", "prompt_tokens", "completion_tokens", "prompt_tokens_details",
        "completion_tokens_details", "cached_tokens", "reasoning_tokens", "response", "input_tokens_details",
        "output_tokens_details", "output", "usageMetadata", "promptTokenCount", "candidatesTokenCount",
        "thoughtsTokenCount", "cachedContentTokenCount", "toolUsePromptTokenCount", "modelVersion", "stream",
        "stream_options", "include_usage",
    };
    private static final int SLOTS = 128;
    private static final byte[][] SLOT_KEYS = new byte[SLOTS][];
    private static final int[] SLOT_IDS = new int[SLOTS];
    /** Longer keys are never in the table, so they are not even hashed. */
    static final int MAX_KEY_LENGTH;

    static {
        int longest = 0;
        for (int i = 0; i < KEYS.length; i++) {
            byte[] key = KEYS[i].getBytes(StandardCharsets.US_ASCII);
            longest = Math.max(longest, key.length);
            int slot = slot(hash(key, key.length));
            while (SLOT_KEYS[slot] != null) slot = (slot + 1) & (SLOTS - 1);
            SLOT_KEYS[slot] = key;
            SLOT_IDS[slot] = i + 1;
        }
        MAX_KEY_LENGTH = longest;
    }

    private KeyDictionary() {}

    /** The id of a captured key, or {@link #OTHER}. */
    static int id(CaptureBuffer key) {
        int length = key.length();
        if (key.overflow() || length > MAX_KEY_LENGTH || length == 0) return OTHER;
        int h = 0;
        for (int i = 0; i < length; i++) h = 31 * h + key.at(i);
        for (int slot = slot(h); SLOT_KEYS[slot] != null; slot = (slot + 1) & (SLOTS - 1)) {
            if (matches(SLOT_KEYS[slot], key)) return SLOT_IDS[slot];
        }
        return OTHER;
    }

    /** The id of a key named in a path table; a name missing from the dictionary is a programming error. */
    static int id(String name) {
        for (int i = 0; i < KEYS.length; i++) {
            if (KEYS[i].equals(name)) return i + 1;
        }
        throw new IllegalArgumentException("not a usage key: " + name);
    }

    private static boolean matches(byte[] known, CaptureBuffer key) {
        if (known.length != key.length()) return false;
        for (int i = 0; i < known.length; i++) {
            if (known[i] != key.at(i)) return false;
        }
        return true;
    }

    private static int hash(byte[] key, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) h = 31 * h + key[i];
        return h;
    }

    private static int slot(int h) {
        return (h ^ h >>> 7 ^ h >>> 14) & (SLOTS - 1);
    }
}
