package piapi.usage;

import java.util.Locale;

/**
 * One spelling per model for pricing: the same model reaches piapi as {@code claude-sonnet-4-5-20250929},
 * {@code anthropic/claude-sonnet-4-5}, {@code us.anthropic.claude-sonnet-4-5-20250929-v1:0} (Bedrock) or
 * {@code claude-sonnet-4-5@20250929} (Vertex AI). Plain string scanning, no regex: pricing keys are
 * normalised once at config load, and each request's model once when its cost is computed.
 */
public final class ModelIds {
    private ModelIds() {}

    /**
     * The id without provider spellings, its date kept: lower case; everything up to the last '/' dropped
     * ({@code anthropic/}, {@code openai/}, {@code models/}, {@code publishers/google/models/}); leading
     * letters-only segments ending in '.' dropped ({@code us.}, {@code anthropic.}); a Vertex version tag
     * {@code @20250929} written as the date suffix {@code -20250929}, any other {@code @tag} dropped; a Bedrock
     * version suffix {@code -v1:0} dropped.
     */
    public static String specific(String id) {
        String s = id.strip().toLowerCase(Locale.ROOT);
        s = s.substring(s.lastIndexOf('/') + 1);
        s = s.substring(vendorPrefixEnd(s));
        int at = s.indexOf('@');
        if (at >= 0) {
            String tag = s.substring(at + 1);
            s = s.substring(0, at) + (isDigits(tag, 0, tag.length()) && tag.length() == 8 ? "-" + tag : "");
        }
        return s.substring(0, bedrockSuffixStart(s));
    }

    /** A specific id without its date suffix ({@code -20250929} or {@code -2025-04-14}): the model every snapshot shares. */
    public static String base(String specific) {
        int n = specific.length();
        if (n > 9 && specific.charAt(n - 9) == '-' && isDigits(specific, n - 8, n) && isDate(specific, n - 8, n - 4, n - 2)) {
            return specific.substring(0, n - 9);
        }
        if (n > 11 && specific.charAt(n - 11) == '-' && specific.charAt(n - 6) == '-' && specific.charAt(n - 3) == '-'
                && isDigits(specific, n - 10, n - 6) && isDigits(specific, n - 5, n - 3) && isDigits(specific, n - 2, n)
                && isDate(specific, n - 10, n - 5, n - 2)) {
            return specific.substring(0, n - 11);
        }
        return specific;
    }

    /** Where the id starts after segments such as {@code us.} and {@code anthropic.}: letters only, before any '-'. */
    private static int vendorPrefixEnd(String s) {
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' && i > start) {
                start = i + 1;
            } else if (c < 'a' || c > 'z') {
                break;
            }
        }
        return start < s.length() ? start : 0;
    }

    /** Where a Bedrock suffix {@code -v<digits>:<digits>} starts, or the length when there is none. */
    private static int bedrockSuffixStart(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0 || !isDigits(s, colon + 1, s.length()) || colon + 1 == s.length()) return s.length();
        int v = s.lastIndexOf("-v", colon);
        return v > 0 && v + 2 < colon && isDigits(s, v + 2, colon) ? v : s.length();
    }

    private static boolean isDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }

    /** A plausible date: year 2000-2099, month 01-12, day 01-31 (so a build number is not taken for one). */
    private static boolean isDate(String s, int year, int month, int day) {
        int m = (s.charAt(month) - '0') * 10 + s.charAt(month + 1) - '0';
        int d = (s.charAt(day) - '0') * 10 + s.charAt(day + 1) - '0';
        return s.charAt(year) == '2' && s.charAt(year + 1) == '0' && m >= 1 && m <= 12 && d >= 1 && d <= 31;
    }
}
