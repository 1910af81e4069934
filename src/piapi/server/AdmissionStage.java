package piapi.server;

/**
 * One step of admission: it looks at the proxied request as admitted so far ({@link ProxyCall}), may add
 * what it found (the user, the route, the body) or hold a resource until the request ends, and lets the
 * request on or refuses it. The pipeline lists the stages in the order they run.
 */
@FunctionalInterface
interface AdmissionStage {
    Admission admit(ProxyCall call);
}
