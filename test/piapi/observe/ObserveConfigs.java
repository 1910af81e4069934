package piapi.observe;

/** Config texts for the observability tests, with the fake upstream's URL filled in. */
final class ObserveConfigs {
    private ObserveConfigs() {}

    static final String ALICE = "piapi-alice-key-0001";
    static final String BOB = "piapi-bob-key-0002";
    static final String ALPHA_KEY = "sk-alpha-secret-0001";
    static final String BETA_KEY = "sk-beta-secret-0002";
    static final String DEAD_KEY = "sk-dead-secret-0003";

    /**
     * Providers alpha (codex: Authorization; claude_code: x-api-key; query: ?key=), beta (codex) and dead
     * (nothing listens); alice uses alpha for all three and dead for {@code dead}, bob uses beta for codex.
     */
    static String twoProviders(String upstream, int deadPort, String extra) {
        return """
                providers:
                  - name: alpha
                    apiKeys:
                      main: %3$s
                    services:
                      - type: codex
                        baseUrl: %1$s/alpha
                      - type: claude_code
                        baseUrl: %1$s/anthropic
                        auth: { mode: header, name: x-api-key }
                      - type: query
                        baseUrl: %1$s/q?fixed=a
                        auth: { mode: query, name: key }
                  - name: beta
                    apiKeys:
                      prod: %4$s
                    services:
                      - type: codex
                        baseUrl: %1$s/beta
                  - name: dead
                    apiKeys:
                      k: %5$s
                    services:
                      - type: dead
                        baseUrl: http://127.0.0.1:%2$d/v1?token=x
                        auth: { mode: query, name: key }
                users:
                  - name: alice
                    apiKey: %6$s
                    services:
                      codex: { providerName: alpha, providerKeyName: main }
                      claude_code: { providerName: alpha, providerKeyName: main }
                      query: { providerName: alpha, providerKeyName: main }
                      dead: { providerName: dead, providerKeyName: k }
                  - name: bob
                    apiKey: %7$s
                    services:
                      codex: { providerName: beta, providerKeyName: prod }
                %8$s
                """.formatted(upstream, deadPort, ALPHA_KEY, BETA_KEY, DEAD_KEY, ALICE, BOB, extra);
    }

    /** A port nothing listens on. */
    static int deadPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
