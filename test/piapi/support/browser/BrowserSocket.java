package piapi.support.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import piapi.http.JsonException;
import piapi.http.JsonReader;

/**
 * One connection to a browser's remote protocol over the JDK's WebSocket client: Chromium's DevTools
 * protocol and WebDriver BiDi (Firefox) frame their messages alike ({@code {"id":N,"method":M,"params":{..}}}
 * out; a reply with that id carrying {@code result} or {@code error}; events without an id). Commands wait
 * for their reply by id (never inside the listener, which delivers the replies); events go to subscribers,
 * each filtering by the page it cares about. Large messages arrive in pieces and are joined first.
 */
public final class BrowserSocket implements WebSocket.Listener, AutoCloseable {
    private static final Duration REPLY = Duration.ofSeconds(30);

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<Map<String, Object>>> subscribers = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final ReentrantLock sending = new ReentrantLock();
    private final HttpClient client = HttpClient.newHttpClient();
    private volatile WebSocket socket;

    private BrowserSocket() {}

    /**
     * Connects to the browser's endpoint ({@code ws://127.0.0.1:<port>/devtools/browser/<id>} for Chromium,
     * {@code ws://127.0.0.1:<port>/session} for Firefox); the JDK sends no Origin, which both require.
     */
    public static BrowserSocket connect(URI endpoint) throws Exception {
        BrowserSocket socket = new BrowserSocket();
        socket.socket = socket.client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(endpoint, socket)
                .get(15, TimeUnit.SECONDS);
        return socket;
    }

    public void subscribe(Consumer<Map<String, Object>> events) {
        subscribers.add(events);
    }

    public void unsubscribe(Consumer<Map<String, Object>> events) {
        subscribers.remove(events);
    }

    /** A browser-level command. */
    public Map<String, Object> call(String method, Map<String, Object> params) {
        return call(method, params, null);
    }

    /** A command for one attached CDP page ({@code sessionId}, null for none); fails the test on a protocol error or no reply. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> call(String method, Map<String, Object> params, String sessionId) {
        long id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        StringBuilder json = new StringBuilder(128).append("{\"id\":").append(id).append(",\"method\":");
        Json.write(json, method);
        json.append(",\"params\":");
        Json.write(json, params == null ? Map.of() : params);
        if (sessionId != null) {
            json.append(",\"sessionId\":");
            Json.write(json, sessionId);
        }
        json.append('}');
        sending.lock(); // one message at a time; a send that stalls fails instead of hanging
        try {
            socket.sendText(json, true).get(10, TimeUnit.SECONDS);
            Map<String, Object> answer = reply.get(REPLY.toSeconds(), TimeUnit.SECONDS);
            // CDP's error is an object with its message; BiDi's is a code, with the message beside it
            if (answer.get("error") != null) {
                throw new AssertionError(method + " failed: " + answer.get("error") + (answer.get("message") == null ? "" : ": " + answer.get("message")));
            }
            Object result = answer.get("result");
            return result == null ? Map.of() : (Map<String, Object>) result;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(method + ": no reply from the browser within " + REPLY.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(method + ": the connection to the browser failed", e.getCause());
        } finally {
            sending.unlock();
            pending.remove(id);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data); // the piece may be reused after we return: copy it at once
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            dispatch(message);
        }
        webSocket.request(1);
        return null;
    }

    @SuppressWarnings("unchecked")
    private void dispatch(String message) {
        Map<String, Object> m;
        try {
            m = (Map<String, Object>) JsonReader.parse(message);
        } catch (JsonException | ClassCastException e) {
            return;
        }
        Object id = m.get("id");
        if (id instanceof Number n) {
            CompletableFuture<Map<String, Object>> f = pending.get(n.longValue());
            if (f != null) f.complete(m);
            return;
        }
        for (Consumer<Map<String, Object>> s : subscribers) s.accept(m);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        failAll(new IllegalStateException("the browser closed the connection: " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failAll(error);
    }

    private void failAll(Throwable t) {
        for (CompletableFuture<Map<String, Object>> f : pending.values()) f.completeExceptionally(t);
    }

    @Override
    public void close() {
        WebSocket s = socket;
        if (s != null) s.abort();
        client.shutdownNow();
    }
}
