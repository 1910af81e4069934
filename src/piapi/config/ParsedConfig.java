package piapi.config;

import java.util.List;

/** What reading a config file gives: a valid config (with warnings) or the full list of problems. */
public sealed interface ParsedConfig {
    List<Problem> problems();

    record Loaded(GatewayConfig config, String sha256, List<Problem> problems) implements ParsedConfig {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    record Invalid(String sha256, List<Problem> problems) implements ParsedConfig {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}
