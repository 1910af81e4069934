package piapi.config;

/**
 * Whether a config leaves anyone able to use the gateway, so that no write or reload can silently
 * lock the whole team out.
 *
 * <p>A user <em>can reach</em> a service when the user has a route for that service type with at least
 * one enabled candidate (validation has already made sure the candidate's provider exists, offers that
 * service type and has the named key). A config <em>locks everyone out</em> when no user can reach any
 * service: there are no users, or every candidate of every user's routes is disabled.
 *
 * <p>What this deliberately does not look at: upstream health (runtime state that recovers by itself:
 * a route whose keys are all cooling down still sends each request somewhere), whether a provider will
 * accept its key (unknowable without calling it), and names (a user with an empty name still gets in).
 */
public final class Reachability {
    private Reachability() {}

    /** Why no user can reach any service, as a warning's message; null when at least one user can reach one. */
    public static String lockout(GatewayConfig config) {
        if (config.users().isEmpty()) return "no users are configured: every request will be refused with 401";
        int routes = 0;
        for (User user : config.users()) {
            for (Route route : user.services().values()) {
                routes++;
                for (Candidate c : route.candidates()) if (c.enabled()) return null;
            }
        }
        if (routes == 0) return "no user can reach any service: no user has a service; every request will be refused with 404";
        return "no user can reach any service: every candidate of every route is disabled; every request will be refused with 503";
    }
}
