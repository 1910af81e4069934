package piapi.admin;

/** Config texts for admin API tests; every secret in them is listed in {@link #SECRETS}. */
final class AdminConfigs {
    private AdminConfigs() {}

    static final String TOKEN = "admin-token-secret-7f3a9c";
    static final String PROVIDER_KEY = "sk-alpha-provider-secret-1111";
    static final String BACKUP_KEY = "sk-alpha-backup-secret-2222";
    static final String BETA_KEY = "sk-beta-provider-secret-3333";
    static final String ALICE_KEY = "piapi-alice-user-secret-4444";
    static final String BOB_KEY = "piapi-bob-user-secret-5555";
    static final String[] SECRETS = {TOKEN, PROVIDER_KEY, BACKUP_KEY, BETA_KEY, ALICE_KEY, BOB_KEY};

    /** Two providers (header and query auth), a legacy and an aggregated route. {@code marker} names alice. */
    static String config(String upstream, String marker) {
        return """
                # piapi test config
                providers:
                  - name: alpha
                    apiKeys:
                      main: %2$s
                      backup: %3$s
                    services:
                      - type: codex
                        baseUrl: %1$s/v1
                      - type: claude_code
                        baseUrl: %1$s/anthropic
                        auth: { mode: header, name: x-api-key }
                  - name: beta
                    apiKeys: { prod: %4$s }
                    services:
                      - type: codex
                        baseUrl: %1$s/beta
                        auth: { mode: query, name: api_key }
                users:
                  - name: %7$s
                    apiKey: %5$s
                    services:
                      codex: { providerName: alpha, providerKeyName: main }
                  - name: bob
                    apiKey: %6$s
                    services:
                      codex:
                        strategy: weighted_rr
                        candidates:
                          - { providerName: alpha, providerKeyName: backup, weight: 3, tags: [primary] }
                          - { providerName: beta, providerKeyName: prod, enabled: false }
                timeouts: { firstByte: 30s }
                """.formatted(upstream, PROVIDER_KEY, BACKUP_KEY, BETA_KEY, ALICE_KEY, BOB_KEY, marker);
    }
}
