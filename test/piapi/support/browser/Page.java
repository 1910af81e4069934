package piapi.support.browser;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One tab in its own browser context (its own storage and cookies), as the tests drive it: the same steps run on
 * Chromium ({@link ChromiumPage}, DevTools protocol) and Firefox ({@link FirefoxPage}, WebDriver BiDi). A page also
 * records what it must never produce: uncaught exceptions, console errors and warnings, Content-Security-Policy
 * violations, and failed loads; {@link #problems} lists them for the test to assert empty.
 */
public interface Page extends AutoCloseable {
    Duration WAIT = Duration.ofSeconds(20);

    /** One request the tab sent (page files, API calls, downloads), as the browser was about to send it. */
    record Request(String method, String url, Map<String, Object> headers) {
        /** A request header by name, any case; null when absent. */
        public String header(String name) {
            for (Map.Entry<String, Object> e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return String.valueOf(e.getValue());
            return null;
        }
    }

    /** Every request this tab has sent so far, in order. */
    List<Request> requests();

    /** The URLs of {@link #requests}. */
    default List<String> requestedUrls() {
        return requests().stream().map(Request::url).toList();
    }

    /** The viewport in CSS pixels; {@code mobile} asks for a phone's behaviour where the browser can emulate one. */
    void viewport(int width, int height, boolean mobile);

    /**
     * Moves the page's clock ({@code Date} and {@code Date.now()}) by {@code shift} from the next navigation on, to
     * match a gateway whose clock is the real one shifted the same way: the page and piapi then agree on the day.
     */
    void shiftClock(Duration shift);

    /** Navigates and waits for the load event. */
    void navigate(String url);

    /** Evaluates a script (its last expression's value, promises awaited) and returns that value; a thrown error fails the test. */
    Object eval(String expression);

    /** Waits for the element, then clicks it as a user would: a real mouse press at its centre. */
    void click(String selector);

    /** Focuses the element and types text into it as keyboard input (replacing what was there). */
    void type(String selector, String text);

    /** Presses a key (Enter, Tab, Escape) on whatever has the focus. */
    void press(String key);

    /** Lets this tab's downloads land in {@code dir}. */
    void allowDownloads(Path dir) throws IOException;

    /** Writes a PNG of the viewport. */
    Path screenshot(Path file) throws IOException;

    /** Exceptions, console errors and warnings, CSP violations; and failed loads other than the statuses expected. */
    List<String> problems(int... expectedStatuses);

    @Override
    void close();

    default String text(String selector) {
        return (String) eval("document.querySelector(" + Json.js(selector) + ")?.textContent ?? null");
    }

    default boolean exists(String selector) {
        return Boolean.TRUE.equals(eval("!!document.querySelector(" + Json.js(selector) + ")"));
    }

    /**
     * Polls {@code expression} until it is truthy (null, false, 0 and "" are not) and returns its value;
     * fails with the last value seen after 20 s.
     */
    default Object waitFor(String what, String expression) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            last = eval(expression);
            if (last != null && !Boolean.FALSE.equals(last) && !"".equals(last) && !(last instanceof Number n && n.doubleValue() == 0)) return last;
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what + " (last value: " + last + ")");
    }

    /** Waits until the element can be clicked, scrolls it to the middle and returns its centre in viewport pixels. */
    @SuppressWarnings("unchecked")
    default Map<String, Object> centreOf(String selector) {
        waitFor(selector + " to be clickable", "(() => { const e = document.querySelector(" + Json.js(selector)
                + "); return !!e && !e.disabled && e.getClientRects().length > 0; })()");
        return (Map<String, Object>) eval("(() => { const e = document.querySelector(" + Json.js(selector)
                + "); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
    }

    /** Puts the focus in the element and selects what it holds, so typing replaces it. */
    default void focusAndSelect(String selector) {
        waitFor(selector, "!!document.querySelector(" + Json.js(selector) + ")");
        eval("(() => { const e = document.querySelector(" + Json.js(selector) + "); e.focus(); if ('select' in e) e.select(); })()");
    }
}
