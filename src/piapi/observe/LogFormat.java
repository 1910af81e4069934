package piapi.observe;

import java.util.Locale;

/**
 * How log lines are written: {@code json} (one object per line, for log pipelines; the default) or
 * {@code text} (one readable line per request or event, for a developer's terminal).
 */
public enum LogFormat {
    JSON, TEXT;

    /** {@code json} or {@code text}, any case; null when neither. */
    public static LogFormat parse(String text) {
        if (text == null) return null;
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "text" -> TEXT;
            default -> null;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
