package piapi.config;

/**
 * Matches an {@code If-Match} header against a config's SHA-256: {@code "<sha>"}, bare {@code <sha>},
 * weak {@code W/"<sha>"}, a comma-separated list of those, or {@code *} (any existing file).
 */
public final class ETags {
    private ETags() {}

    /** The ETag piapi sends for a config version. */
    public static String of(String sha256) {
        return "\"" + sha256 + "\"";
    }

    /** True when the header names {@code currentSha256} (null: the file does not exist, which only an empty match could name). */
    public static boolean matches(String ifMatch, String currentSha256) {
        for (String part : ifMatch.split(",")) {
            String tag = part.strip();
            if (tag.equals("*")) {
                if (currentSha256 != null) return true;
                continue;
            }
            if (tag.startsWith("W/")) tag = tag.substring(2);
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) tag = tag.substring(1, tag.length() - 1);
            if (currentSha256 != null && tag.equalsIgnoreCase(currentSha256)) return true;
        }
        return false;
    }
}
