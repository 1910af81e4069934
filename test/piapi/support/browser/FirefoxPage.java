package piapi.support.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Page} in Firefox over WebDriver BiDi: a tab in its own user context (its own storage and cookies).
 * Problems come from {@code log.entryAdded} (console calls, uncaught errors), from a preload script that reports
 * CSP violations over a {@code script.message} channel, and from network events; input is real
 * {@code input.performActions} pointer and key actions.
 */
final class FirefoxPage extends RecordingPage {
    private final BrowserSocket bidi;
    private final String userContext;
    private final String context;
    private final String cspChannel;
    private final List<String> preloads = new CopyOnWriteArrayList<>();

    private FirefoxPage(BrowserSocket bidi, String userContext, String context) {
        super(bidi);
        this.bidi = bidi;
        this.userContext = userContext;
        this.context = context;
        this.cspChannel = "csp-" + context;
    }

    static FirefoxPage open(BrowserSocket bidi, int width, int height) {
        String userContext = (String) bidi.call("browser.createUserContext", Map.of()).get("userContext");
        String context = (String) bidi.call("browsingContext.create", Map.of("type", "tab", "userContext", userContext)).get("context");
        FirefoxPage page = new FirefoxPage(bidi, userContext, context);
        page.listen();
        bidi.call("browsingContext.activate", Map.of("context", context));
        page.preload(PageScripts.WATCH_CSP, List.of(Map.of("type", "channel", "value", Map.of("channel", page.cspChannel))));
        page.viewport(width, height, false);
        return page;
    }

    private void preload(String function, List<Object> arguments) {
        Map<String, Object> params = Map.of("functionDeclaration", function, "arguments", arguments, "contexts", List.of(context));
        preloads.add((String) bidi.call("script.addPreloadScript", params).get("script"));
    }

    @Override
    @SuppressWarnings("unchecked")
    void event(Map<String, Object> m) {
        Map<String, Object> p = (Map<String, Object>) m.getOrDefault("params", Map.of());
        switch (String.valueOf(m.get("method"))) {
            case "log.entryAdded" -> {
                if (!context.equals(((Map<String, Object>) p.getOrDefault("source", Map.of())).get("context"))) return;
                Object level = p.get("level");
                if ("javascript".equals(p.get("type"))) records.problem("exception: " + p.get("text"));
                else if ("error".equals(level) || "warn".equals(level)) records.problem("console." + p.get("method") + ": " + p.get("text"));
            }
            case "network.beforeRequestSent" -> {
                if (!context.equals(p.get("context"))) return;
                Map<String, Object> r = (Map<String, Object>) p.get("request");
                records.request(new Request((String) r.get("method"), (String) r.get("url"), headers((List<Object>) r.get("headers"))));
            }
            case "network.responseCompleted" -> {
                if (!context.equals(p.get("context"))) return;
                Map<String, Object> r = (Map<String, Object>) p.get("response");
                long status = ((Number) r.get("status")).longValue();
                if (status >= 400) records.failedLoad("the server responded with a status of " + status + " (" + r.get("statusText") + ") " + r.get("url"));
            }
            case "network.fetchError" -> {
                // a request the page itself gave up (navigating away, an aborted fetch) is not a failure
                if (!context.equals(p.get("context")) || String.valueOf(p.get("errorText")).contains("NS_BINDING_ABORTED")) return;
                records.failedLoad("failed to load: " + p.get("errorText") + " " + ((Map<String, Object>) p.get("request")).get("url"));
            }
            case "script.message" -> {
                if (cspChannel.equals(p.get("channel"))) records.problem("CSP: " + RemoteValues.toJava(p.get("data")));
            }
            default -> { }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> headers(List<Object> headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (headers == null) return out;
        for (Object h : headers) {
            Map<String, Object> header = (Map<String, Object>) h;
            Map<String, Object> value = (Map<String, Object>) header.get("value");
            out.put((String) header.get("name"), value.get("value"));
        }
        return out;
    }

    /** Firefox has no phone emulation over BiDi: only the viewport's size changes (CSS media queries follow it). */
    @Override
    public void viewport(int width, int height, boolean mobile) {
        bidi.call("browsingContext.setViewport", Map.of("context", context, "viewport", Map.of("width", width, "height", height),
                "devicePixelRatio", 1));
    }

    @Override
    public void shiftClock(Duration shift) {
        preload("() => {\n" + PageScripts.shiftClock(shift) + "\n}", List.of());
    }

    @Override
    public void navigate(String url) {
        bidi.call("browsingContext.navigate", Map.of("context", context, "url", url, "wait", "complete"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object eval(String expression) {
        Map<String, Object> r = bidi.call("script.evaluate", Map.of("expression", expression, "target", Map.of("context", context),
                "awaitPromise", true, "resultOwnership", "none"));
        if ("exception".equals(r.get("type"))) {
            Map<String, Object> details = (Map<String, Object>) r.get("exceptionDetails");
            throw new AssertionError("script failed: " + expression + "\n" + details.get("text"));
        }
        return RemoteValues.toJava(r.get("result"));
    }

    @Override
    public void click(String selector) {
        Map<String, Object> centre = centreOf(selector);
        int x = (int) Math.floor(((Number) centre.get("x")).doubleValue());
        int y = (int) Math.floor(((Number) centre.get("y")).doubleValue());
        List<Object> steps = List.of(Map.of("type", "pointerMove", "x", x, "y", y), Map.of("type", "pointerDown", "button", 0),
                Map.of("type", "pointerUp", "button", 0));
        perform(Map.of("type", "pointer", "id", "mouse", "parameters", Map.of("pointerType", "mouse"), "actions", steps));
    }

    @Override
    public void type(String selector, String text) {
        focusAndSelect(selector);
        List<Object> steps = new ArrayList<>();
        text.codePoints().mapToObj(Character::toString).forEach(c -> {
            steps.add(Map.of("type", "keyDown", "value", c));
            steps.add(Map.of("type", "keyUp", "value", c));
        });
        perform(Map.of("type", "key", "id", "keyboard", "actions", steps));
    }

    /** WebDriver's key codes for the keys the tests press. */
    @Override
    public void press(String key) {
        String value = switch (key) {
            case "Enter" -> "\uE007";
            case "Tab" -> "\uE004";
            case "Escape" -> "\uE00C";
            default -> throw new IllegalArgumentException(key);
        };
        perform(Map.of("type", "key", "id", "keyboard", "actions", List.of(Map.of("type", "keyDown", "value", value),
                Map.of("type", "keyUp", "value", value))));
    }

    private void perform(Map<String, Object> source) {
        bidi.call("input.performActions", Map.of("context", context, "actions", List.of(source)));
    }

    @Override
    public void allowDownloads(Path dir) throws IOException {
        Files.createDirectories(dir);
        bidi.call("browser.setDownloadBehavior", Map.of("downloadBehavior", Map.of("type", "allowed", "destinationFolder",
                dir.toAbsolutePath().toString()), "userContexts", List.of(userContext)));
    }

    @Override
    String screenshotBase64() {
        return (String) bidi.call("browsingContext.captureScreenshot", Map.of("context", context)).get("data");
    }

    @Override
    void release() {
        for (String script : preloads) bidi.call("script.removePreloadScript", Map.of("script", script));
        bidi.call("browsingContext.close", Map.of("context", context));
        bidi.call("browser.removeUserContext", Map.of("userContext", userContext));
    }
}
