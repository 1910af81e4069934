package piapi.yaml;

import java.util.Locale;

/**
 * A string in double quotes with backslash escapes, written so that a YAML double-quoted scalar, a TOML
 * basic string and a Python string literal all read it back as the same text: only the escapes the three
 * share ({@code \" \\ \n \t \r} and {@code \}{@code uXXXX}) are used, and every character a reader could
 * take for a line break, a byte-order mark or a control (C0, DEL, C1, U+2028, U+2029, U+FEFF) is escaped.
 * An unpaired surrogate cannot be written in UTF-8 nor escaped in TOML, so it is refused.
 */
public final class DoubleQuoted {
    private DoubleQuoted() {}

    public static String of(String s) {
        return appendTo(new StringBuilder(s.length() + 2), s).toString();
    }

    /** Appends {@code s} quoted to {@code out}; IllegalArgumentException for an unpaired surrogate. */
    public static StringBuilder appendTo(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                    continue;
                }
                throw new IllegalArgumentException("a string holds an unpaired surrogate, which UTF-8 cannot encode");
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (needsEscape(c)) out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }

    /** Control characters (C0, DEL, C1) and the characters some readers take for line or byte-order marks. */
    static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029' || c == '\uFEFF';
    }
}
