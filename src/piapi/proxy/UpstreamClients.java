package piapi.proxy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * Sends upstream requests through the JDK HttpClient (HTTP/1.1 to {@code http://}, HTTP/2 negotiated with
 * {@code https://}). A client's connect timeout is fixed when it is built, so there is one client per
 * configured connect timeout (normally exactly one). Its tasks run on virtual threads rather than its
 * default cached pool of platform threads, whose hand-offs cost a futex wake-up each (make bench: CPU per
 * proxied request roughly halved).
 */
public final class UpstreamClients implements AutoCloseable {
    private final ConcurrentHashMap<Duration, HttpClient> byConnectTimeout = new ConcurrentHashMap<>();

    /**
     * Sends {@code request} and returns the response once its headers have
     * arrived, with the body as a stream. Throws as {@link HttpClient#send} does: {@code ConnectException},
     * {@code HttpConnectTimeoutException}, {@code HttpTimeoutException} (no headers within the request's
     * timeout), another {@code IOException}, or {@code InterruptedException}.
     */
    HttpResponse<UpstreamBody> send(HttpRequest request, Duration connectTimeout) throws IOException, InterruptedException {
        return forConnectTimeout(connectTimeout).send(request, info -> new UpstreamBody());
    }

    HttpClient forConnectTimeout(Duration connectTimeout) {
        HttpClient c = byConnectTimeout.get(connectTimeout);
        return c != null ? c : byConnectTimeout.computeIfAbsent(connectTimeout, UpstreamClients::build);
    }

    private static HttpClient build(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER) // redirects go back to the client, as sent
                .version(HttpClient.Version.HTTP_2)         // https may negotiate h2
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** Closes every connection, idle or in use: exchanges still running fail at once. */
    @Override
    public void close() {
        byConnectTimeout.values().forEach(HttpClient::shutdownNow);
        byConnectTimeout.clear();
    }
}
