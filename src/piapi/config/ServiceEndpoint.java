package piapi.config;

import java.net.URI;

/**
 * Where a provider serves one service type, and how its key is presented there.
 *
 * @param type    the service type, the first path segment after {@code /piapi/} (e.g. {@code codex})
 * @param baseUrl the absolute http(s) URL the rest of the client's path is appended to, as written
 * @param auth    how the provider key is sent
 */
public record ServiceEndpoint(String type, String baseUrl, Auth auth) {

    /** The base URL parsed; validation has already proved it absolute http(s). */
    public URI baseUri() {
        return URI.create(baseUrl);
    }
}
