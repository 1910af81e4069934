package piapi.config;

import java.time.Duration;

/**
 * What piapi does when told to stop (SIGTERM, SIGINT, a service manager's stop).
 *
 * @param grace how long requests and streams already in progress may run on after the stop signal before
 *              piapi closes them; new connections are refused from the first moment. Default 30 s; 0s
 *              stops at once. Keep it below the service manager's stop timeout (systemd TimeoutStopSec).
 */
public record ShutdownSettings(Duration grace) {
    public static final ShutdownSettings DEFAULTS = new ShutdownSettings(Duration.ofSeconds(30));

    public ShutdownSettings {
        if (grace.isNegative()) throw new IllegalArgumentException("shutdown.grace must not be negative");
    }
}
