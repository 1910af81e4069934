package piapi.config;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code piapi --check-config}: loads the config as a start would and prints every problem, then one
 * summary line, all to one stream so they stay in order when it is piped or redirected.
 *
 * <pre>
 * config.yaml:7:40: users[0].services.codex.providerName: provider 'nope' not defined
 * config.yaml:7:46: warning: users[0].services.codex.providerKeyNmae: unknown key, ignored (did you mean 'providerKeyName'?)
 * config.yaml: INVALID (1 error, 1 warning)
 * </pre>
 */
public final class ConfigCheck {
    private ConfigCheck() {}

    /**
     * Checks {@code file} (and the problems already found in piapi's environment variables) and prints
     * the result to {@code out}; returns the exit status: 0 when piapi would start, 1 when it would not.
     */
    public static int run(Path file, Map<String, String> env, List<Problem> environment, PrintStream out) {
        ParsedConfig result = new ConfigLoader(env).load(file);
        List<Problem> all = new ArrayList<>(environment);
        all.addAll(result.problems());
        for (Problem p : all) out.println(p);
        long errors = all.stream().filter(Problem::isError).count();
        long warnings = all.size() - errors;
        if (errors == 0 && result instanceof ParsedConfig.Loaded loaded) {
            out.println(file + ": OK (" + count(loaded.config().providers().size(), "provider") + ", "
                    + count(loaded.config().users().size(), "user") + (warnings == 0 ? "" : "; " + count(warnings, "warning")) + ")");
            return 0;
        }
        out.println(file + ": INVALID (" + count(errors, "error") + (warnings == 0 ? "" : ", " + count(warnings, "warning")) + ")");
        return 1;
    }

    /** {@code 1 error}, {@code 2 errors}, {@code 0 errors}. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
