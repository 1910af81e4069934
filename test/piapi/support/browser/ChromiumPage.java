package piapi.support.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Page} in Chromium: one tab in its own browser context, attached over the DevTools protocol. Problems
 * come from the Runtime, Log and Audits domains; requests from the Network domain.
 */
final class ChromiumPage extends RecordingPage {
    private final BrowserSocket cdp;
    private final String context;
    private final String target;
    private final String session;
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private ChromiumPage(BrowserSocket cdp, String context, String target, String session) {
        super(cdp);
        this.cdp = cdp;
        this.context = context;
        this.target = target;
        this.session = session;
    }

    static ChromiumPage open(BrowserSocket cdp, int width, int height, boolean mobile) {
        String context = (String) cdp.call("Target.createBrowserContext", Map.of()).get("browserContextId");
        String target = (String) cdp.call("Target.createTarget", Map.of("url", "about:blank", "browserContextId", context)).get("targetId");
        String session = (String) cdp.call("Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId");
        ChromiumPage page = new ChromiumPage(cdp, context, target, session);
        page.listen();
        for (String domain : List.of("Page.enable", "Runtime.enable", "Log.enable", "Audits.enable", "Network.enable")) page.send(domain, Map.of());
        page.viewport(width, height, mobile);
        page.send("Emulation.setLocaleOverride", Map.of("locale", "en-US")); // numbers and dates as the tests expect them, whatever LANG says
        return page;
    }

    public Map<String, Object> send(String method, Map<String, Object> params) {
        return cdp.call(method, params, session);
    }

    @Override
    @SuppressWarnings("unchecked")
    void event(Map<String, Object> m) {
        if (!session.equals(m.get("sessionId"))) return;
        String method = (String) m.get("method");
        Map<String, Object> p = (Map<String, Object>) m.getOrDefault("params", Map.of());
        switch (method) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.exceptionThrown" -> records.problem("exception: " + p.get("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                String type = (String) p.get("type");
                if (type.equals("error") || type.equals("warning") || type.equals("assert")) records.problem("console." + type + ": " + p.get("args"));
            }
            case "Log.entryAdded" -> {
                Map<String, Object> e = (Map<String, Object>) p.get("entry");
                String text = e.get("source") + " " + e.get("level") + ": " + e.get("text") + " " + e.getOrDefault("url", "");
                if ("network".equals(e.get("source"))) records.failedLoad(text);
                else if ("error".equals(e.get("level")) || "warning".equals(e.get("level"))) records.problem(text);
            }
            case "Network.requestWillBeSent" -> {
                Map<String, Object> r = (Map<String, Object>) p.get("request");
                records.request(new Request((String) r.get("method"), (String) r.get("url"), (Map<String, Object>) r.getOrDefault("headers", Map.of())));
            }
            case "Audits.issueAdded" -> {
                Map<String, Object> issue = (Map<String, Object>) p.get("issue");
                if (String.valueOf(issue.get("code")).contains("ContentSecurityPolicy")) records.problem("CSP: " + issue.get("details"));
            }
            default -> { }
        }
    }

    @Override
    public void viewport(int width, int height, boolean mobile) {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    @Override
    public void shiftClock(Duration shift) {
        send("Page.addScriptToEvaluateOnNewDocument", Map.of("source", "(() => {\n" + PageScripts.shiftClock(shift) + "\n})();"));
    }

    @Override
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

    @Override
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

    @Override
    public void click(String selector) {
        Map<String, Object> box = centreOf(selector);
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", Map.of("type", type, "x", box.get("x"), "y", box.get("y"), "button", "left", "clickCount", 1));
        }
    }

    @Override
    public void type(String selector, String text) {
        focusAndSelect(selector);
        send("Input.insertText", Map.of("text", text));
    }

    @Override
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

    /** Headless Chromium refuses downloads unless told where to put them. */
    @Override
    public void allowDownloads(Path dir) throws IOException {
        Files.createDirectories(dir);
        cdp.call("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toAbsolutePath().toString(),
                "browserContextId", context));
    }

    @Override
    String screenshotBase64() {
        return (String) send("Page.captureScreenshot", Map.of("format", "png")).get("data");
    }

    @Override
    void release() {
        cdp.call("Target.closeTarget", Map.of("targetId", target));
        cdp.call("Target.disposeBrowserContext", Map.of("browserContextId", context));
    }
}
