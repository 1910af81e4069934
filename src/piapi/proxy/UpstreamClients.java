package piapi.proxy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The shared HttpClients. A client's connect timeout is fixed when it is built, so there is one client
 * per configured connect timeout (normally exactly one); a reload that changes the timeout gets a new one.
 */
public final class UpstreamClients implements AutoCloseable {
    private final ConcurrentHashMap<Duration, HttpClient> byConnectTimeout = new ConcurrentHashMap<>();

    HttpClient forConnectTimeout(Duration connectTimeout) {
        HttpClient c = byConnectTimeout.get(connectTimeout);
        return c != null ? c : byConnectTimeout.computeIfAbsent(connectTimeout, UpstreamClients::build);
    }

    private static HttpClient build(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER) // redirects go back to the client, as sent
                .version(HttpClient.Version.HTTP_2)         // https may negotiate h2; http requests pin 1.1
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    @Override
    public void close() {
        byConnectTimeout.values().forEach(HttpClient::shutdownNow);
        byConnectTimeout.clear();
    }
}
