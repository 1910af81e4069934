package piapi.proxy;

/** Config texts for proxy tests, with the fake upstream's URL filled in. */
final class Configs {
    private Configs() {}

    /** alice: codex -> header Authorization; claude_code -> header x-api-key (no prefix); query -> ?key= */
    static String threeAuthModes(String upstream, String extra) {
        return """
                providers:
                  - name: alpha
                    apiKeys:
                      main: sk-alpha-secret-0001
                    services:
                      - type: codex
                        baseUrl: %1$s/v1
                      - type: claude_code
                        baseUrl: %1$s/anthropic
                        auth: { mode: header, name: x-api-key }
                      - type: query
                        baseUrl: %1$s/q?fixed=a&z=1
                        auth: { mode: query, name: key }
                users:
                  - name: alice
                    apiKey: piapi-alice-key-0001
                    services:
                      codex: { providerName: alpha, providerKeyName: main }
                      claude_code: { providerName: alpha, providerKeyName: main }
                      query: { providerName: alpha, providerKeyName: main }
                %2$s
                """.formatted(upstream, extra);
    }
}
