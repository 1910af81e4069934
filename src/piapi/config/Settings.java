package piapi.config;

import piapi.network.NetworkList;

/**
 * piapi's own optional settings (additive to the Go schema). Every field has a default that works,
 * so a Go config.yaml with none of these sections runs unchanged. {@code network} is the global allow/deny
 * list, checked before any key lookup.
 */
public record Settings(Timeouts timeouts, Limits limits, RoutingSettings routing, MetricsSettings metrics, ShutdownSettings shutdown,
                       ServerSettings server, NetworkList network, UsageSettings usage) {
    public static final Settings DEFAULTS = new Settings(Timeouts.DEFAULTS, Limits.DEFAULTS, RoutingSettings.DEFAULTS,
            MetricsSettings.DEFAULTS, ShutdownSettings.DEFAULTS, ServerSettings.DEFAULTS, NetworkList.OPEN, UsageSettings.DEFAULTS);
}
