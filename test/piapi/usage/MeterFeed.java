package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Feeds bytes to a {@link UsageMeter} the way the relay does, in chosen pieces. Each piece is copied into a
 * scratch array at an offset and the scratch is scribbled over after the call, so a meter that kept or read
 * the array later would read garbage and fail the comparison; a meter that changed the bytes fails at once.
 */
final class MeterFeed {
    private MeterFeed() {}

    /** Feeds {@code body} cut at the given ascending offsets (none: one piece) and finishes. */
    static UsageReading feed(Protocol protocol, String contentType, String encoding, byte[] body, boolean complete, int... cuts) {
        UsageMeter meter = new UsageMeter(protocol);
        meter.begin(200, contentType, encoding);
        byte[] scratch = new byte[body.length + 16];
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : body.length;
            int at = 3 + (i % 7);
            System.arraycopy(body, from, scratch, at, to - from);
            meter.accept(scratch, at, to - from);
            if (!Arrays.equals(scratch, at, at + to - from, body, from, to)) throw new AssertionError("the meter changed the relayed bytes");
            Arrays.fill(scratch, (byte) '"');
            from = to;
        }
        return meter.finish(complete);
    }

    /** Reads a fixture's body whole, ended cleanly. */
    static UsageReading read(Fixture f) {
        return feed(f.protocol(), f.contentType(), null, f.bytes(), true);
    }

    /** Reads text as an answer of this protocol and content type, ended cleanly. */
    static UsageReading read(Protocol protocol, String contentType, String text) {
        return feed(protocol, contentType, null, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
    }

    /** Asserts the reading has the fixture's counts, model and state. */
    static void assertReads(Fixture f, UsageReading reading, String how) {
        assertEquals(f.usage(), reading.usage(), () -> f + " " + how + ": usage");
        assertEquals(f.model(), reading.modelAnswered(), () -> f + " " + how + ": model");
        assertEquals(f.state(), reading.state(), () -> f + " " + how + ": state");
    }

    /** Reads the fixture's body (in this encoding) whole, split in two at every byte, byte by byte, and in random pieces. */
    static void assertEveryChunking(Fixture f, String encoding, byte[] body) {
        assertReads(f, feed(f.protocol(), f.contentType(), encoding, body, true), encoding + " whole");
        for (int k = 0; k <= body.length; k++) {
            assertReads(f, feed(f.protocol(), f.contentType(), encoding, body, true, k), encoding + " split at " + k);
        }
        int[] everyByte = new int[Math.max(0, body.length - 1)];
        for (int i = 0; i < everyByte.length; i++) everyByte[i] = i + 1;
        assertReads(f, feed(f.protocol(), f.contentType(), encoding, body, true, everyByte), encoding + " byte by byte");
        Random random = new Random(20261206L);
        for (int run = 0; run < 25; run++) {
            int[] cuts = randomCuts(random, body.length);
            assertReads(f, feed(f.protocol(), f.contentType(), encoding, body, true, cuts), encoding + " random " + Arrays.toString(cuts));
        }
    }

    static int[] randomCuts(Random random, int length) {
        int[] cuts = new int[length == 0 ? 0 : random.nextInt(Math.min(length, 40))];
        for (int i = 0; i < cuts.length; i++) cuts[i] = random.nextInt(length + 1);
        Arrays.sort(cuts);
        return cuts;
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** gzip flushed after every line, as a streaming compressor in front of an SSE upstream emits it. */
    static byte[] gzipFlushedPerLine(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, true)) {
            int from = 0;
            for (int i = 0; i < body.length; i++) {
                if (body[i] == '\n') {
                    gz.write(body, from, i + 1 - from);
                    gz.flush();
                    from = i + 1;
                }
            }
            gz.write(body, from, body.length - from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every line its own gzip member, concatenated: a multi-member gzip stream. */
    static byte[] gzipMemberPerLine(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length ? from < i : body[i] == '\n') {
                int to = Math.min(i + 1, body.length);
                out.writeBytes(gzip(Arrays.copyOfRange(body, from, to)));
                from = to;
            }
        }
        return out.toByteArray();
    }

    /** {@code Content-Encoding: deflate}: zlib-wrapped (the standard), or raw deflate (what some servers send). */
    static byte[] deflate(byte[] body, boolean raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }
}
