package piapi.observe;

import java.util.Locale;

/** Severity of a log line; lines below the configured level are skipped before they are formatted. */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lowercase word written in log lines and accepted by {@code --log-level}. */
    public String label() {
        return label;
    }

    /** {@code debug}, {@code info}, {@code warn} ({@code warning}), {@code error}, any case; null when none of them. */
    public static LogLevel parse(String text) {
        if (text == null) return null;
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "debug" -> DEBUG;
            case "info" -> INFO;
            case "warn", "warning" -> WARN;
            case "error" -> ERROR;
            default -> null;
        };
    }
}
