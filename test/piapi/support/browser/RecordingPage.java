package piapi.support.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a {@link Page} does the same way whichever protocol drives it: it listens to the browser's events from
 * {@link #listen} until {@link #close}, keeps what they report in {@link PageRecords}, and writes the PNG the
 * browser hands back as base64. A subclass says how its protocol reports events, takes a screenshot and lets go of
 * its tab.
 */
abstract class RecordingPage implements Page {
    final PageRecords records = new PageRecords();
    private final BrowserSocket socket;
    private final Consumer<Map<String, Object>> events = this::event;

    RecordingPage(BrowserSocket socket) {
        this.socket = socket;
    }

    /** Starts taking this tab's events from the socket. */
    final void listen() {
        socket.subscribe(events);
    }

    /** One event from the socket (any tab's: a subclass keeps only its own). */
    abstract void event(Map<String, Object> message);

    /** The viewport as a base64 PNG. */
    abstract String screenshotBase64();

    /** Closes the tab and its context; the browser may already be going. */
    abstract void release();

    @Override
    public final List<Request> requests() {
        return records.requests();
    }

    @Override
    public final List<String> problems(int... expectedStatuses) {
        return records.problems(expectedStatuses);
    }

    @Override
    public final Path screenshot(Path file) throws IOException {
        byte[] png = Base64.getDecoder().decode(screenshotBase64());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
        return file;
    }

    @Override
    public final void close() {
        socket.unsubscribe(events);
        try {
            release();
        } catch (AssertionError e) {
            // the browser may be closing
        }
    }
}
