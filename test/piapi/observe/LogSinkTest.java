package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import piapi.support.Await;
import piapi.support.TestClock;

/** A stalled stdout never blocks a writer: lines beyond the queue are dropped, counted, and announced once it moves again. */
class LogSinkTest {
    /** An output that blocks its first write until released. */
    static final class StalledOutput extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            entered.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) throw new IOException("never released");
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            bytes.write(b, off, len);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void dropsAreCountedAndAnnouncedNeverWaitedFor() throws Exception {
        StalledOutput out = new StalledOutput();
        LogSink sink = new LogSink(out, 4);
        Events events = new Events(sink, LogLevel.INFO, LogFormat.JSON, new TestClock());
        events.announceDrops();
        sink.write("first");
        assertTrue(out.entered.await(5, TimeUnit.SECONDS), "the writer is now stuck on the output");
        for (int i = 0; i < 10; i++) sink.write("line " + i); // returns at once although nothing moves
        assertEquals(6, sink.dropped(), "4 queued, 6 dropped");
        out.release.countDown();
        Await.until("the queued lines written", java.time.Duration.ofSeconds(5), () -> out.text().contains("line 3\n"));
        sink.write("after"); // wakes the writer again after it drained the queue
        Await.until("the drop notice", java.time.Duration.ofSeconds(5), () -> out.text().contains("log_lines_dropped"));
        sink.close();
        String text = out.text();
        assertTrue(text.startsWith("first\nline 0\nline 1\nline 2\nline 3\n"), text);
        assertTrue(text.contains("{\"time\":\"2026-01-01T00:00:00Z\",\"level\":\"warn\",\"event\":\"log_lines_dropped\",\"count\":6}\n"), text);
        assertTrue(text.contains("after\n"), text);
        assertEquals(1, text.split("log_lines_dropped", -1).length - 1, "announced once");
    }

    @Test
    void linesAfterCloseAreCountedAsDropped() {
        LogSink sink = new LogSink(new ByteArrayOutputStream(), 4);
        sink.close();
        sink.write("late");
        assertEquals(1, sink.dropped());
    }
}
