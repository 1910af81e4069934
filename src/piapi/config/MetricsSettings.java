package piapi.config;

/**
 * The {@code metrics} section.
 *
 * @param perUser also count requests per user name ({@code piapi_user_requests_total}); default false,
 *                because every user adds series. Takes effect on reload.
 */
public record MetricsSettings(boolean perUser) {
    public static final MetricsSettings DEFAULTS = new MetricsSettings(false);
}
