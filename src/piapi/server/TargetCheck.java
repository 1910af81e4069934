package piapi.server;

import java.util.Locale;

/**
 * Admission: the proxied path names a service type, does not try to climb out of the upstream's base path,
 * and is plain HTTP. Nothing is looked up, so these are answered before any key is.
 */
final class TargetCheck implements AdmissionStage {
    @Override
    public Admission admit(ProxyCall call) {
        if (call.path().serviceType().isEmpty()) {
            return new Admission.Refused(404, "missing_service_type", "the path must be /piapi/<service type>/...");
        }
        if (isWebSocketUpgrade(call.exchange().requestHeaders().getFirst("Upgrade"))) {
            // Codex probes with a websocket first; 426 makes it fall back to HTTP at once
            return new Admission.Refused(426, "websocket_not_supported", "piapi proxies HTTP only; retry without Upgrade");
        }
        if (ServicePath.hasDotSegment(call.path().rest())) {
            return new Admission.Refused(400, "bad_path", "'.' and '..' path segments are not allowed");
        }
        return Admission.ADMITTED;
    }

    private static boolean isWebSocketUpgrade(String upgrade) {
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }
}
