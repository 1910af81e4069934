package piapi.config;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Replaces {@code ${NAME}} in secret values with the environment variable NAME, so config.yaml need not
 * hold raw keys; {@code ${NAME:-fallback}} uses the fallback when NAME is unset or empty (as in a shell).
 * {@code $${} writes a literal {@code ${}. Problems name the variable, never a value.
 */
final class EnvExpander {
    private final Map<String, String> env;

    EnvExpander(Map<String, String> env) {
        this.env = env;
    }

    /** The expanded value, or null after reporting a problem through {@code problem}. */
    String expand(String raw, Consumer<String> problem) {
        int at = raw.indexOf("${");
        if (at < 0) return raw;
        StringBuilder out = new StringBuilder(raw.length() + 32);
        int i = 0;
        while (at >= 0) {
            if (at > 0 && raw.charAt(at - 1) == '$') { // "$${" is an escaped literal "${"
                out.append(raw, i, at - 1).append("${");
                i = at + 2;
                at = raw.indexOf("${", i);
                continue;
            }
            int close = raw.indexOf('}', at + 2);
            if (close < 0) {
                problem.accept("'${' without a closing '}' (write $${ for a literal ${)");
                return null;
            }
            String name = raw.substring(at + 2, close);
            String fallback = null;
            int dash = name.indexOf(":-");
            if (dash >= 0) {
                fallback = name.substring(dash + 2);
                name = name.substring(0, dash);
            }
            if (!isVariableName(name)) {
                // Not echoed: what is between the braces may be a key written as ${sk-...} by mistake.
                problem.accept("'${...}' is not a valid environment variable reference: a name is letters, digits"
                        + " and '_', not starting with a digit");
                return null;
            }
            String value = env.get(name);
            if ((value == null || value.isEmpty()) && fallback != null) value = fallback;
            if (value == null) {
                problem.accept("environment variable '" + name + "' is not set");
                return null;
            }
            out.append(raw, i, at).append(value);
            i = close + 1;
            at = raw.indexOf("${", i);
        }
        return out.append(raw, i, raw.length()).toString();
    }

    static boolean isVariableName(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) return false;
        }
        return true;
    }
}
