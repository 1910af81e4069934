package piapi.demo;

import java.time.Duration;

/**
 * How fast the demo provider answers: the wait before the first token (the response headers of a
 * stream, or the whole reply of a non-streamed call) and the wait between tokens. Tests and other
 * features' tests run it with {@link #NONE}.
 *
 * @param firstToken    before the first token
 * @param betweenTokens before each further token
 */
public record Pacing(Duration firstToken, Duration betweenTokens) {
    /** No waiting at all. */
    public static final Pacing NONE = new Pacing(Duration.ZERO, Duration.ZERO);
    /** Like a real model: half a second to the first token, then about 25 tokens a second. */
    public static final Pacing REALISTIC = new Pacing(Duration.ofMillis(500), Duration.ofMillis(40));

    public Pacing {
        if (firstToken.isNegative() || betweenTokens.isNegative()) throw new IllegalArgumentException("pacing must not be negative");
    }

    /** How long a non-streamed reply of {@code tokens} tokens takes: it arrives whole, at the end. */
    Duration whole(int tokens) {
        return firstToken.plus(betweenTokens.multipliedBy(Math.max(0, tokens - 1)));
    }

    /** Waits {@code d}; false when the thread was interrupted (the provider is stopping). */
    static boolean pause(Duration d) {
        if (d.isZero()) return true;
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
