package piapi.usage;

import static piapi.usage.MeterFeed.assertEveryChunking;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Framing and compression: every fixture of every protocol is read the same whole, split in two at every byte,
 * byte by byte and in random pieces (fixed seed); with its line ends as LF, CRLF and CR; and compressed with
 * gzip (in one block, flushed per line as a streaming compressor sends it, and as one member per line), zlib
 * deflate and raw deflate, the compressed bytes split the same ways.
 */
class EveryFixtureTest {
    static List<Fixture> fixtures() {
        List<Fixture> all = new ArrayList<>();
        all.addAll(AnthropicFixtures.all());
        all.addAll(OpenAiFixtures.all());
        all.addAll(GeminiFixtures.all());
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureIsReadTheSameSplitAtEveryByte() {
        return fixtures().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> assertEveryChunking(f, null, f.bytes())));
    }

    @TestFactory
    Stream<DynamicTest> everyEventStreamIsReadTheSameWithCrlfAndCrLineEnds() {
        return fixtures().stream().filter(f -> f.contentType().equals(Fixture.SSE)).flatMap(f -> Stream.of(f.crlf(), f.cr()))
                .map(f -> DynamicTest.dynamicTest(f.name(), () -> assertEveryChunking(f, null, f.bytes())));
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureIsReadFromItsGzipCopySplitAtEveryCompressedByte() {
        return fixtures().stream().flatMap(f -> Stream.of(
                DynamicTest.dynamicTest(f.name() + ", gzip", () -> assertEveryChunking(f, "gzip", MeterFeed.gzip(f.bytes()))),
                DynamicTest.dynamicTest(f.name() + ", gzip flushed per line",
                        () -> assertEveryChunking(f, "gzip", MeterFeed.gzipFlushedPerLine(f.bytes()))),
                DynamicTest.dynamicTest(f.name() + ", gzip one member per line",
                        () -> assertEveryChunking(f, "x-gzip", MeterFeed.gzipMemberPerLine(f.bytes())))));
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureIsReadFromItsDeflateCopyZlibOrRaw() {
        return fixtures().stream().flatMap(f -> Stream.of(
                DynamicTest.dynamicTest(f.name() + ", deflate (zlib)", () -> assertEveryChunking(f, "deflate", MeterFeed.deflate(f.bytes(), false))),
                DynamicTest.dynamicTest(f.name() + ", deflate (raw)", () -> assertEveryChunking(f, "Deflate", MeterFeed.deflate(f.bytes(), true)))));
    }
}
