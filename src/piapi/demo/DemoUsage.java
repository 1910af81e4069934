package piapi.demo;

/**
 * The token counts of one demo reply, consistent across the vendors' ways of reporting them.
 *
 * @param input        all input tokens, cached ones included
 * @param cacheRead    part of {@code input} read from the prompt cache
 * @param cacheWrite5m part of {@code input} written to a 5-minute cache entry (Anthropic only)
 * @param cacheWrite1h part of {@code input} written to a 1-hour cache entry (Anthropic only)
 * @param output       all output tokens, reasoning included
 * @param reasoning    part of {@code output} spent reasoning (OpenAI only)
 */
record DemoUsage(long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output, long reasoning) {
    /** Tokens a reasoning request spends before it answers. */
    static final int REASONING_TOKENS = 24;
    /** The demo cache works in blocks of this many tokens, as real ones work in blocks. */
    private static final int CACHE_BLOCK = 16;

    /**
     * The usage of a reply of {@code emitted} tokens. OpenAI caches automatically: half the input, in
     * whole blocks, once there are two blocks. Anthropic caches only where the request asks
     * ({@code cache_control}): then half is read and half of the rest written, 1-hour when asked.
     */
    static DemoUsage of(Wire wire, DemoRequest request, int emitted) {
        long input = request.inputTokens();
        boolean caches = !wire.anthropic() || request.cacheControl();
        long read = caches && input >= 2 * CACHE_BLOCK ? input / 2 / CACHE_BLOCK * CACHE_BLOCK : 0;
        long write = wire.anthropic() && request.cacheControl() ? (input - read) / 2 : 0;
        long reasoning = !wire.anthropic() && request.reasoning() ? REASONING_TOKENS : 0;
        return new DemoUsage(input, read, request.cacheOneHour() ? 0 : write, request.cacheOneHour() ? write : 0,
                emitted + reasoning, reasoning);
    }

    /** Anthropic's {@code input_tokens}: the input neither read from nor written to the cache. */
    long uncachedInput() {
        return input - cacheRead - cacheWrite5m - cacheWrite1h;
    }

    long cacheWrite() {
        return cacheWrite5m + cacheWrite1h;
    }

    long total() {
        return input + output;
    }
}
