package piapi.route;

import piapi.config.ResolvedCandidate;

/** The route stage's answer for a request: the candidate of its first attempt, or why there is none. */
public sealed interface RouteDecision {
    /** The first attempt goes to {@code candidate}. */
    record Routed(ResolvedCandidate candidate) implements RouteDecision {}

    /** No candidate can take the request; piapi answers with this status and error code. */
    record Rejected(int status, String code, String message) implements RouteDecision {}
}
