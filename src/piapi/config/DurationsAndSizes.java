package piapi.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Parses the duration ({@code 10s}, {@code 1m30s}, {@code 250ms}) and size ({@code 32MiB}) values of the settings. */
public final class DurationsAndSizes {
    private DurationsAndSizes() {}

    /** Go-style durations: one or more {@code <number><unit>} with units ms, s, m, h; null when malformed. */
    public static Duration duration(String text) {
        if (text == null || text.isEmpty()) return null;
        long nanos = 0;
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) i++;
            if (i == start) return null;
            BigDecimal number;
            try {
                number = new BigDecimal(text.substring(start, i));
            } catch (NumberFormatException e) {
                return null;
            }
            int unitStart = i;
            while (i < text.length() && Character.isLetter(text.charAt(i))) i++;
            long unit = switch (text.substring(unitStart, i)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> -1;
            };
            if (unit < 0) return null;
            try {
                nanos = Math.addExact(nanos, number.multiply(BigDecimal.valueOf(unit)).longValueExact());
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return Duration.ofNanos(nanos);
    }

    /** A byte count: digits with an optional unit B, KB, KiB, MB, MiB, GB, GiB; -1 when malformed. */
    static long size(String text) {
        if (text == null) return -1;
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) i++;
        if (i == 0 || i > 18) return -1;
        long n = Long.parseLong(text.substring(0, i));
        long unit = switch (text.substring(i).strip().toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "kb" -> 1_000;
            case "kib" -> 1L << 10;
            case "mb" -> 1_000_000;
            case "mib" -> 1L << 20;
            case "gb" -> 1_000_000_000;
            case "gib" -> 1L << 30;
            default -> -1;
        };
        if (unit < 0) return -1;
        try {
            return Math.multiplyExact(n, unit);
        } catch (ArithmeticException e) {
            return -1;
        }
    }
}
