package piapi.server;

/**
 * Which part of piapi answers a path (the surface stage). Decided from the raw path alone, with plain
 * string comparisons: no regex on the request path.
 */
enum Surface {
    /** {@code /piapi/<service type>/<rest>}: the proxy */
    PROXY,
    /** {@code /healthz}: liveness for load balancers and orchestrators */
    HEALTHZ,
    /** {@code /metrics}: Prometheus text */
    METRICS,
    /** {@code /piadmin/api/*}: the admin API (bearer token), present when PIAPI_ADMIN_TOKEN is set */
    ADMIN_API,
    /** {@code /piadmin/} and below (outside the API): the admin page's static files */
    ADMIN_PAGE,
    /** {@code /me/usage}: a user's own usage, authenticated by their piapi key */
    MY_USAGE,
    /** anything else: 404 */
    UNKNOWN;

    static final String PROXY_PREFIX = "/piapi";
    static final String ADMIN_API_PREFIX = "/piadmin/api";
    static final String ADMIN_PAGE_PREFIX = "/piadmin";

    static Surface of(String path) {
        if (under(path, PROXY_PREFIX)) return PROXY;
        if (path.equals("/healthz")) return HEALTHZ;
        if (path.equals("/metrics")) return METRICS;
        if (under(path, ADMIN_API_PREFIX)) return ADMIN_API;
        if (under(path, ADMIN_PAGE_PREFIX)) return ADMIN_PAGE;
        if (path.equals("/me/usage")) return MY_USAGE;
        return UNKNOWN;
    }

    /** {@code prefix} itself or anything below it ({@code prefix/...}), but not {@code prefixMore}. */
    private static boolean under(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
