package piapi.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlScalar;

/**
 * Turns a parsed YAML document into a {@link GatewayConfig}, checking every rule a config must follow to
 * be served (names unique, references resolvable, URLs absolute, keys present), and reporting <b>every</b> problem with its position and path
 * rather than stopping at the first.
 */
final class ConfigBinder {
    /** Top-level keys: {@code providers} and {@code users}, plus piapi's optional setting sections. */
    static final Set<String> ROOT_KEYS = Set.of("providers", "users", "timeouts", "limits", "routing", "metrics", "shutdown", "server",
            "pricing", "network", "usage");

    private ConfigBinder() {}

    /** The outcome of a bind: a config when there is no error, and every problem (warnings included). */
    public record Result(GatewayConfig config, List<Problem> problems) {
        public boolean ok() {
            return config != null;
        }
    }

    public static Result bind(YamlNode root, String file, Map<String, String> env) {
        Problems problems = new Problems(file);
        if (root instanceof YamlScalar s && !s.isNull()) {
            problems.error(root, "", "the file must be a mapping with 'providers' and 'users', not a single value");
            return new Result(null, problems.list());
        }
        MappingReader fields = MappingReader.of(root, "", problems);
        fields.warnUnknown(ROOT_KEYS);
        EnvExpander expander = new EnvExpander(env);

        List<Provider> providers = new ProviderBinder(problems, expander).bind(fields.node("providers"));
        List<User> users = new UserBinder(problems, expander, providers).bind(fields.node("users"));
        Settings settings = new SettingsBinder(problems, env).bind(fields);
        if (problems.hasErrors()) return new Result(null, problems.list());
        GatewayConfig config = new GatewayConfig(providers, users, settings);
        // No providers needs no warning of its own: any route would name one (an error), so without providers
        // there are no users either, and the lockout warning says what that means.
        String lockout = Reachability.lockout(config);
        if (lockout != null) problems.warn(fields.node("users") == null ? root : fields.node("users"), "users", lockout);
        return new Result(config, problems.list());
    }
}
