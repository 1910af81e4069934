package piapi.demo;

import java.util.concurrent.atomic.AtomicLong;
import piapi.demo.DemoReplies.VendorError;

/**
 * When the flaky provider fails, deterministically: every third call it receives, alternating a 429
 * with {@code Retry-After} and an overload (529 in Anthropic's protocol, 503 in OpenAI's). Always as
 * the whole answer, so piapi sees it before any byte and can fail over.
 */
final class FlakyPattern {
    /** One call in this many fails. */
    static final int EVERY = 3;
    /** The {@code Retry-After} of its 429s: short, so the key's cooldown ends while you watch. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final AtomicLong calls = new AtomicLong();

    /** The failure for the next call, or null when it succeeds. */
    VendorError next(String provider) {
        long n = calls.incrementAndGet();
        if (n % EVERY != 0) return null;
        return (n / EVERY) % 2 == 1 ? VendorError.rateLimited(provider, RETRY_AFTER_SECONDS) : VendorError.overloaded(provider);
    }
}
