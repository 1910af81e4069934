package piapi.support;

import java.util.List;

/** Strings that break naive YAML writers: indicators, comments, separators, look-alikes of other types, control characters. */
public final class HostileStrings {
    private HostileStrings() {}

    public static final List<String> ALL = List.of("\"", "'", "it's", "\"quoted\"", "#", "a #b", "a#b", "a: b", ": ", "a:",
            "key: value # not a comment", " lead", "trail ", "  ", "", "ünïcødé", "日本語のキー", "emoji 😀 ok", "${VAR}", "${",
            "$${x}", "-", "- a", "-1", "--", "---", "...", "?", "? x", "a?b", "true", "False", "NULL", "null", "~", "yes", "No",
            "on", "OFF", "y", "n", "123", "0x1F", "1e3", "1.50", ".inf", "-.5", "+1", "2026-01-02", "[a]", "{a: b}", "a, b", ",",
            "*alias", "&anchor", "!tag", "!!str", "|", ">", "%x", "@x", "`x", "a\tb", "tab\t", "line\nbreak", "cr\r", "nul\0",
            "bell\u0007", "del\u007F", "nel\u0085", "ls\u2028", "\uFEFFbom", "back\\slash", "<<", "=", "http://h:8080/v1?a=b#c",
            "Bearer ", "\\n", "a  b");

}
