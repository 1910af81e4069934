package piapi.config;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One candidate of a route with everything the hot path needs precomputed at load: the base URL split
 * into origin, path and query, the HTTP version, and the credential ready to inject.
 * It holds a secret, so {@link #toString()} names only the provider and key name.
 */
public final class ResolvedCandidate {
    private final CandidateId id;
    private final Candidate candidate;
    private final ServiceEndpoint endpoint;
    private final String origin;
    private final String basePath;
    private final String baseQuery;
    private final boolean http1;
    private final Secret key;
    private final String credential;

    ResolvedCandidate(Candidate candidate, ServiceEndpoint endpoint, Secret key) {
        this.id = candidate.id();
        this.candidate = candidate;
        this.endpoint = endpoint;
        this.key = key;
        URI base = endpoint.baseUri();
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        this.origin = scheme + "://" + base.getRawAuthority();
        this.basePath = base.getRawPath() == null ? "" : base.getRawPath();
        this.baseQuery = base.getRawQuery();
        // Cleartext upstreams get HTTP/1.1: the JDK client would otherwise try an h2c upgrade.
        this.http1 = scheme.equals("http");
        Auth auth = endpoint.auth();
        this.credential = auth.mode() == Auth.Mode.HEADER
                ? auth.prefix() + key.reveal()
                : URLEncoder.encode(auth.name(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(key.reveal(), StandardCharsets.UTF_8);
    }

    public CandidateId id() {
        return id;
    }

    public Candidate candidate() {
        return candidate;
    }

    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    public Auth auth() {
        return endpoint.auth();
    }

    /** {@code scheme://authority} of the base URL, as written. */
    public String origin() {
        return origin;
    }

    /** The base URL's raw path, possibly empty; appended to verbatim. */
    public String basePath() {
        return basePath;
    }

    /** The base URL's raw query, or null. */
    public String baseQuery() {
        return baseQuery;
    }

    public boolean http1() {
        return http1;
    }

    /** The key itself, for the admin view's masked form. */
    public Secret key() {
        return key;
    }

    /** Header mode: the full header value (prefix + key). Query mode: the encoded {@code name=key} pair. */
    public String credential() {
        return credential;
    }

    @Override
    public String toString() {
        return "ResolvedCandidate[" + id + " " + endpoint.type() + "]";
    }
}
