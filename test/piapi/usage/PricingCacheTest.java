package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pricing remembers the ids it priced, bounded, and answers the same as without them. */
class PricingCacheTest {
    private static Pricing prices() {
        return Pricing.of(List.of(PricingTest.SONNET, PricingTest.OPUS));
    }

    @Test
    void aRememberedIdGetsTheSamePriceOrNoneAgain() {
        Pricing p = prices();
        for (int i = 0; i < 3; i++) {
            assertSame(PricingTest.SONNET, p.price("us.anthropic.claude-sonnet-4-5-20250929-v1:0"));
            assertSame(PricingTest.OPUS, p.price("claude-opus-4-1@20250805"));
            assertNull(p.price("gpt-unpriced"));
        }
        assertEquals(3, p.cachedIds());
        assertNull(p.price("  "));
        assertNull(p.price(null));
        assertEquals(3, p.cachedIds(), "blank ids are not remembered");
    }

    @Test
    void pastTheBoundNewIdsAreLookedUpEachTimeWithTheSameResult() {
        Pricing p = prices();
        for (int i = 0; i < Pricing.CACHED_IDS * 2; i++) assertNull(p.price("invented-model-" + i));
        assertEquals(Pricing.CACHED_IDS, p.cachedIds());
        assertSame(PricingTest.SONNET, p.price("anthropic/claude-sonnet-4-5"));
        assertSame(PricingTest.SONNET, p.price("anthropic/claude-sonnet-4-5"));
        assertEquals(Pricing.CACHED_IDS, p.cachedIds());
    }

    @Test
    void aVeryLongIdIsPricedButNotRemembered() {
        Pricing p = prices();
        String path = "projects/p/locations/l/publishers/anthropic/" + "x".repeat(Pricing.CACHED_ID_CHARS) + "/models/claude-opus-4-1";
        assertSame(PricingTest.OPUS, p.price(path));
        assertEquals(0, p.cachedIds());
    }

    @Test
    void noPricingSectionRemembersNothing() {
        assertNull(Pricing.NONE.price("claude-sonnet-4-5"));
        assertEquals(0, Pricing.NONE.cachedIds());
    }
}
