package piapi.support.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One tab in its own browser context (its own storage and cookies), attached over CDP. It records what
 * a page must never produce: uncaught exceptions, console errors and warnings, Content-Security-Policy
 * violations, and failed loads; {@link #problems} lists them for the test to assert empty.
 */
public final class Page implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Cdp cdp;
    private final String context;
    private final String target;
    private final String session;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> network = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Consumer<Map<String, Object>> events = this::event;
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private Page(Cdp cdp, String context, String target, String session) {
        this.cdp = cdp;
        this.context = context;
        this.target = target;
        this.session = session;
    }

    static Page open(Cdp cdp, int width, int height, boolean mobile) {
        String context = (String) cdp.call("Target.createBrowserContext", Map.of()).get("browserContextId");
        String target = (String) cdp.call("Target.createTarget", Map.of("url", "about:blank", "browserContextId", context)).get("targetId");
        String session = (String) cdp.call("Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId");
        Page page = new Page(cdp, context, target, session);
        cdp.subscribe(page.events);
        for (String domain : List.of("Page.enable", "Runtime.enable", "Log.enable", "Audits.enable", "Network.enable")) page.send(domain, Map.of());
        page.viewport(width, height, mobile);
        page.send("Emulation.setLocaleOverride", Map.of("locale", "en-US")); // numbers and dates as the tests expect them, whatever LANG says
        return page;
    }

    public Map<String, Object> send(String method, Map<String, Object> params) {
        return cdp.call(method, params, session);
    }

    @SuppressWarnings("unchecked")
    private void event(Map<String, Object> m) {
        if (!session.equals(m.get("sessionId"))) return;
        String method = (String) m.get("method");
        Map<String, Object> p = (Map<String, Object>) m.getOrDefault("params", Map.of());
        switch (method) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.exceptionThrown" -> problems.add("exception: " + p.get("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                String type = (String) p.get("type");
                if (type.equals("error") || type.equals("warning") || type.equals("assert")) problems.add("console." + type + ": " + p.get("args"));
            }
            case "Log.entryAdded" -> {
                Map<String, Object> e = (Map<String, Object>) p.get("entry");
                String text = e.get("source") + " " + e.get("level") + ": " + e.get("text") + " " + e.getOrDefault("url", "");
                if ("network".equals(e.get("source"))) network.add(text);
                else if ("error".equals(e.get("level")) || "warning".equals(e.get("level"))) problems.add(text);
            }
            case "Network.requestWillBeSent" -> {
                Map<String, Object> r = (Map<String, Object>) p.get("request");
                requests.add(new Request((String) r.get("method"), (String) r.get("url"), (Map<String, Object>) r.getOrDefault("headers", Map.of())));
            }
            case "Audits.issueAdded" -> {
                Map<String, Object> issue = (Map<String, Object>) p.get("issue");
                if (String.valueOf(issue.get("code")).contains("ContentSecurityPolicy")) problems.add("CSP: " + issue.get("details"));
            }
            default -> { }
        }
    }

    /** One request the tab sent (page files, API calls, downloads), as the browser was about to send it. */
    public record Request(String method, String url, Map<String, Object> headers) {
        /** A request header by name, any case; null when absent. */
        public String header(String name) {
            for (Map.Entry<String, Object> e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return String.valueOf(e.getValue());
            return null;
        }
    }

    /** Every request this tab has sent so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The URLs of {@link #requests}. */
    public List<String> requestedUrls() {
        return requests.stream().map(Request::url).toList();
    }

    public void viewport(int width, int height, boolean mobile) {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Navigates and waits for the load event. */
    public void navigate(String url) {
        loaded = new CompletableFuture<>();
        Map<String, Object> r = send("Page.navigate", Map.of("url", url));
        if (r.get("errorText") != null) throw new AssertionError("navigation to " + url + " failed: " + r.get("errorText"));
        try {
            loaded.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no load event for " + url + " within " + WAIT.toSeconds() + " s", e);
        }
    }

    /** Evaluates an expression (promises awaited) and returns its value; a thrown error fails the test. */
    @SuppressWarnings("unchecked")
    public Object eval(String expression) {
        Map<String, Object> r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.get("exceptionDetails") != null) {
            Map<String, Object> details = (Map<String, Object>) r.get("exceptionDetails");
            Object exception = details.get("exception");
            throw new AssertionError("script failed: " + expression + "\n" + (exception instanceof Map<?, ?> e ? e.get("description") : details));
        }
        Map<String, Object> result = (Map<String, Object>) r.get("result");
        return result == null ? null : result.get("value");
    }

    public String text(String selector) {
        return (String) eval("document.querySelector(" + Json.js(selector) + ")?.textContent ?? null");
    }

    public boolean exists(String selector) {
        return Boolean.TRUE.equals(eval("!!document.querySelector(" + Json.js(selector) + ")"));
    }

    /**
     * Polls {@code expression} until it is truthy (null, false, 0 and "" are not) and returns its value;
     * fails with the last value seen after 20 s.
     */
    public Object waitFor(String what, String expression) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            last = eval(expression);
            if (last != null && !Boolean.FALSE.equals(last) && !"".equals(last) && !(last instanceof Number n && n.doubleValue() == 0)) return last;
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what + " (last value: " + last + ")");
    }

    /** Waits for the element, then clicks it as a user would: a real mouse press at its centre. */
    @SuppressWarnings("unchecked")
    public void click(String selector) {
        waitFor(selector + " to be clickable", "(() => { const e = document.querySelector(" + Json.js(selector)
                + "); return !!e && !e.disabled && e.getClientRects().length > 0; })()");
        Map<String, Object> box = (Map<String, Object>) eval("(() => { const e = document.querySelector(" + Json.js(selector)
                + "); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", Map.of("type", type, "x", box.get("x"), "y", box.get("y"), "button", "left", "clickCount", 1));
        }
    }

    /** Focuses the element and types text into it as keyboard input. */
    public void type(String selector, String text) {
        waitFor(selector, "!!document.querySelector(" + Json.js(selector) + ")");
        eval("(() => { const e = document.querySelector(" + Json.js(selector) + "); e.focus(); if ('select' in e) e.select(); })()");
        send("Input.insertText", Map.of("text", text));
    }

    /** Presses a key (Enter, Tab, Escape) on whatever has the focus. */
    public void press(String key) {
        int code = switch (key) {
            case "Enter" -> 13;
            case "Tab" -> 9;
            case "Escape" -> 27;
            default -> throw new IllegalArgumentException(key);
        };
        Map<String, Object> down = new java.util.HashMap<>(Map.of("type", "keyDown", "key", key, "code", key, "windowsVirtualKeyCode", code));
        if (key.equals("Enter")) down.put("text", "\r");
        send("Input.dispatchKeyEvent", down);
        send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", key, "windowsVirtualKeyCode", code));
    }

    /** Lets this tab's downloads land in {@code dir} (headless Chromium refuses them otherwise). */
    public void allowDownloads(Path dir) throws IOException {
        Files.createDirectories(dir);
        cdp.call("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toAbsolutePath().toString(),
                "browserContextId", context));
    }

    /** Writes a PNG of the viewport. */
    public Path screenshot(Path file) throws IOException {
        String data = (String) send("Page.captureScreenshot", Map.of("format", "png")).get("data");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(data));
        return file;
    }

    /** Exceptions, console errors and warnings, CSP violations; and failed loads other than the statuses expected. */
    public List<String> problems(int... expectedStatuses) {
        List<String> out = new ArrayList<>(problems);
        for (String n : network) {
            boolean expected = false;
            for (int s : expectedStatuses) expected |= n.contains("status of " + s + " ");
            if (!expected) out.add(n);
        }
        return out;
    }

    @Override
    public void close() {
        cdp.unsubscribe(events);
        try {
            cdp.call("Target.closeTarget", Map.of("targetId", target));
            cdp.call("Target.disposeBrowserContext", Map.of("browserContextId", context));
        } catch (AssertionError e) {
            // the browser may be closing
        }
    }
}
