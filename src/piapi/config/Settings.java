package piapi.config;

import piapi.network.NetworkList;
import piapi.usage.Pricing;

/**
 * piapi's own optional settings (additive to {@code providers} and {@code users}). Every field has a default
 * that works, so an existing config.yaml with none of these sections runs unchanged. {@code pricing} prices each
 * request's tokens ({@link Pricing#NONE} when the section is absent: every request unpriced); {@code network} is
 * the global allow/deny list, checked before any key lookup; {@code usage} is the ledger's.
 */
public record Settings(Timeouts timeouts, Limits limits, RoutingSettings routing, MetricsSettings metrics, ShutdownSettings shutdown,
                       ServerSettings server, Pricing pricing, NetworkList network, UsageSettings usage) {
    public static final Settings DEFAULTS = new Settings(Timeouts.DEFAULTS, Limits.DEFAULTS, RoutingSettings.DEFAULTS,
            MetricsSettings.DEFAULTS, ShutdownSettings.DEFAULTS, ServerSettings.DEFAULTS, Pricing.NONE, NetworkList.OPEN, UsageSettings.DEFAULTS);
}
