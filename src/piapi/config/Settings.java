package piapi.config;

/**
 * piapi's own optional settings (additive to {@code providers} and {@code users}). Every field has a default
 * that works, so an existing config.yaml with none of these sections runs unchanged.
 */
public record Settings(Timeouts timeouts, Limits limits, RoutingSettings routing, MetricsSettings metrics, ShutdownSettings shutdown,
                       ServerSettings server) {
    public static final Settings DEFAULTS = new Settings(Timeouts.DEFAULTS, Limits.DEFAULTS, RoutingSettings.DEFAULTS,
            MetricsSettings.DEFAULTS, ShutdownSettings.DEFAULTS, ServerSettings.DEFAULTS);
}
