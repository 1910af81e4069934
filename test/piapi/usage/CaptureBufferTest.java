package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The capture buffer allocates as it fills, never past its capacity, and keeps the same text as before it grew. */
class CaptureBufferTest {
    @Test
    void aBufferNothingWasCapturedInCostsNoArray() {
        CaptureBuffer b = new CaptureBuffer(256);
        assertEquals(0, b.allocated());
        assertEquals("", b.text());
        assertFalse(b.overflow());
    }

    @Test
    void aShortKeyTakesTheFirstSmallArrayOnly() {
        CaptureBuffer b = new CaptureBuffer(256);
        add(b, "prompt_tokens");
        assertEquals(CaptureBuffer.FIRST_BYTES, b.allocated());
        assertTrue(b.is("prompt_tokens".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aLongValueGrowsTheArrayUpToTheCapacityAndNoFurther() {
        CaptureBuffer b = new CaptureBuffer(256);
        String model = "m".repeat(200);
        add(b, model);
        assertEquals(model, b.text());
        assertFalse(b.overflow());
        assertTrue(b.allocated() >= 200 && b.allocated() <= 256, "allocated " + b.allocated());

        b.reset();
        String hostile = "x".repeat(10_000);
        add(b, hostile);
        assertTrue(b.overflow());
        assertEquals(256, b.length());
        assertEquals(256, b.allocated());
        assertEquals(hostile.substring(0, 256), b.text());
    }

    @Test
    void plainRunsAndEscapesGrowTheSameWayAsSingleBytes() {
        CaptureBuffer b = new CaptureBuffer(64);
        byte[] run = "a".repeat(40).getBytes(StandardCharsets.US_ASCII);
        b.addPlain(run, 0, run.length); // past the first array in one copy
        add(b, "\\u00e9\\ud83d\\ude00"); // é and 😀 decoded to UTF-8 across the growth
        b.end();
        assertEquals("a".repeat(40) + "é😀", b.text());
        b.addPlain(run, 0, run.length); // 46 + 40 > 64: cut at the capacity
        assertTrue(b.overflow());
        assertEquals(64, b.length());
        assertEquals(64, b.allocated());
    }

    private static void add(CaptureBuffer b, String text) {
        for (byte x : text.getBytes(StandardCharsets.UTF_8)) b.add(x);
    }
}
