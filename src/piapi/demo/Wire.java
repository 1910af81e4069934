package piapi.demo;

/** The calls the demo provider answers, each in its vendor's wire format. */
enum Wire {
    ANTHROPIC_MESSAGES, ANTHROPIC_COUNT_TOKENS, OPENAI_CHAT, OPENAI_RESPONSES, MODELS;

    /** Which vendor's error shape and request-id header a reply of this call uses. */
    boolean anthropic() {
        return this == ANTHROPIC_MESSAGES || this == ANTHROPIC_COUNT_TOKENS;
    }

    /**
     * The call a path names, with or without the {@code /v1} an OpenAI base URL may already carry, or
     * null for any other path.
     */
    static Wire of(String path) {
        String p = path.startsWith("/v1/") ? path.substring(3) : path;
        return switch (p) {
            case "/messages" -> ANTHROPIC_MESSAGES;
            case "/messages/count_tokens" -> ANTHROPIC_COUNT_TOKENS;
            case "/chat/completions" -> OPENAI_CHAT;
            case "/responses" -> OPENAI_RESPONSES;
            case "/models" -> MODELS;
            default -> null;
        };
    }
}
