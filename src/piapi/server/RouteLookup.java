package piapi.server;

import piapi.config.ResolvedRoute;

/** Admission: the user's route for the service type in the path (404 when the user has none). */
final class RouteLookup implements AdmissionStage {
    @Override
    public Admission admit(ProxyCall call) {
        String type = call.path().serviceType();
        ResolvedRoute route = call.user().routes().get(type);
        if (route == null) return new Admission.Refused(404, "unknown_service", "service '" + type + "' is not configured for this key");
        call.route(route);
        return Admission.ADMITTED;
    }
}
