package piapi.observe;

import java.util.List;

/**
 * The fixed words of {@code piapi_rejected_requests_total{reason}}: the error codes piapi answers a
 * refusal with. A code not listed here counts as {@code unknown}, so a label value can never come
 * from anything a client sends.
 */
final class RejectReasons {
    private RejectReasons() {}

    static final String UNKNOWN = "unknown";

    static final List<String> WORDS = List.of(
            // the proxy
            "missing_service_type", "websocket_not_supported", "bad_path", "missing_user_key", "unknown_user_key",
            "unsupported_auth_scheme", "unknown_service", "request_too_large", "request_body_no_room",
            // any surface: an unknown path, or a method an endpoint does not take
            "not_found", "method_not_allowed",
            // the admin API
            "unauthorized", "bad_request", "config_has_warnings", "no_reachable_service",
            // network lists (403), limits and quotas (429, by the limit's name), shutdown
            "address_denied", "address_not_allowed",
            "requests_per_minute", "concurrent_requests", "tokens_per_day", "requests_per_day", "cost_per_day", "cost_per_month",
            "rate_limited", "too_many_requests", "overloaded", "shutting_down",
            UNKNOWN);
}
