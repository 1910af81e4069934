package piapi.config;

/** How a route chooses among its candidates; names as written in config.yaml. */
public enum Strategy {
    ROUND_ROBIN("round_robin"),
    WEIGHTED_RR("weighted_rr"),
    ADAPTIVE_RR("adaptive_rr"),
    STICKY_HEALTHY("sticky_healthy");

    private final String configName;

    Strategy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The strategy with this config name, or null. */
    public static Strategy fromConfigName(String name) {
        for (Strategy s : values()) if (s.configName.equals(name)) return s;
        return null;
    }
}
