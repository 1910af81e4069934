package piapi.support.browser;

/** A headless browser for one test class: {@link Chromium} or {@link Firefox}. Closing it ends its processes and deletes its profile. */
public interface Browser extends AutoCloseable {
    /** Its name, for messages and screenshot folders: "chromium" or "firefox". */
    String name();

    /** A new tab in its own browser context (fresh storage), with this viewport. */
    Page newPage(int width, int height, boolean mobile);

    @Override
    void close() throws java.io.IOException;
}
