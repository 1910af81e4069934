package piapi.usage;

/**
 * The API a proxied request speaks, as far as reading its usage goes. Decided once per request from the path
 * after the service type ({@code rest}, e.g. {@code v1/messages}) and the {@code anthropic-version} header, by
 * comparing suffixes: no regex, no allocation.
 */
public enum Protocol {
    /** Anthropic Messages: {@code .../v1/messages}, or {@code .../messages} with an {@code anthropic-version} header. */
    ANTHROPIC_MESSAGES,
    /** Anthropic {@code .../messages/count_tokens}: free, never counted against a request-rate limit, never costs. */
    ANTHROPIC_COUNT_TOKENS,
    /** OpenAI Chat Completions: {@code .../chat/completions}. */
    OPENAI_CHAT,
    /** OpenAI Responses: {@code .../responses}. */
    OPENAI_RESPONSES,
    /** Gemini: {@code ...:generateContent} and {@code ...:streamGenerateContent}. */
    GEMINI,
    /** Anything else: passed through, its usage not read. */
    OTHER;

    /**
     * The protocol of a request.
     *
     * @param rest             the raw path after the service type, without the query (a query is ignored if present)
     * @param anthropicVersion the request's {@code anthropic-version} header, or null
     */
    public static Protocol of(String rest, String anthropicVersion) {
        if (rest == null) return OTHER;
        int end = rest.indexOf('?');
        if (end < 0) end = rest.length();
        while (end > 0 && rest.charAt(end - 1) == '/') end--;
        if (endsWithSegments(rest, end, "messages/count_tokens")) return ANTHROPIC_COUNT_TOKENS;
        if (endsWithSegments(rest, end, "v1/messages")) return ANTHROPIC_MESSAGES;
        if (endsWithSegments(rest, end, "messages")) return anthropicVersion != null ? ANTHROPIC_MESSAGES : OTHER;
        if (endsWithSegments(rest, end, "chat/completions")) return OPENAI_CHAT;
        if (endsWithSegments(rest, end, "responses")) return OPENAI_RESPONSES;
        return ofMethodSuffix(rest, end);
    }

    /** Whether the request only counts tokens: it is free, and exempt from request-rate limits. */
    public boolean countsTokensOnly() {
        return this == ANTHROPIC_COUNT_TOKENS;
    }

    /** Google-style paths name a method after a colon: {@code models/gemini-2.5-pro:streamGenerateContent}. */
    private static Protocol ofMethodSuffix(String rest, int end) {
        int colon = methodColon(rest, end);
        if (colon < 0) return OTHER;
        int method = rest.charAt(colon) == ':' ? colon + 1 : colon + 3;
        if (isMethod(rest, method, end, "generateContent") || isMethod(rest, method, end, "streamGenerateContent")) return GEMINI;
        // Claude on Vertex AI: the Messages API under publishers/anthropic, the model in the path.
        if (rest.contains("publishers/anthropic/")
                && (isMethod(rest, method, end, "rawPredict") || isMethod(rest, method, end, "streamRawPredict"))) {
            return endsWithSegments(rest, colon, "count-tokens") ? ANTHROPIC_COUNT_TOKENS : ANTHROPIC_MESSAGES;
        }
        return OTHER;
    }

    /** Where the last segment's method separator starts (':' or a percent-encoded "%3A"), or -1. */
    static int methodColon(String rest, int end) {
        for (int i = end - 1; i >= 0; i--) {
            char c = rest.charAt(i);
            if (c == '/') return -1;
            if (c == ':') return i;
            if (c == '%' && i + 2 < end && rest.charAt(i + 1) == '3' && (rest.charAt(i + 2) | 0x20) == 'a') return i;
        }
        return -1;
    }

    private static boolean isMethod(String rest, int from, int end, String method) {
        return end - from == method.length() && rest.startsWith(method, from);
    }

    /** Whether rest[0, end) ends with these whole segments: "v1/messages" matches "x/v1/messages", not "xv1/messages". */
    static boolean endsWithSegments(String rest, int end, String segments) {
        int start = end - segments.length();
        return start >= 0 && rest.startsWith(segments, start) && (start == 0 || rest.charAt(start - 1) == '/');
    }
}
