package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Key values masked in place in a config's text, whatever quoting or layout they have; nothing else changes. */
class SecretMaskTest {
    @Test
    void masksKeyValuesInEveryStyleAndKeepsTheRest() {
        String text = """
                # keys: never shown
                providers:
                  - name: alpha   # a comment
                    apiKeys:
                      plain: sk-plain-0000000000001111
                      single: 'sk-single-it''s-00002222'
                      double: "sk-double-\\"q\\"-000003333"
                      env: ${ALPHA_KEY}
                      fallback: ${ALPHA_KEY:-sk-fallback-0000004444}
                      short: abc
                    services: [{ type: codex, baseUrl: "http://h/v1" }]
                  - { name: beta, apiKeys: { prod: sk-flow-000000000005555, other: "sk-flow-q-0000000006666" } }
                users:
                  - name: ünï
                    apiKey: piapi-user-key-000007777   # trailing comment
                    apikey: piapi-misspelt-000008888
                """;
        assertEquals("""
                # keys: never shown
                providers:
                  - name: alpha   # a comment
                    apiKeys:
                      plain: "…1111"
                      single: "…2222"
                      double: "…3333"
                      env: ${ALPHA_KEY}
                      fallback: "${ALPHA_KEY:-…4444}"
                      short: "***"
                    services: [{ type: codex, baseUrl: "http://h/v1" }]
                  - { name: beta, apiKeys: { prod: "…5555", other: "…6666" } }
                users:
                  - name: ünï
                    apiKey: "…7777"   # trailing comment
                    apikey: "…8888"
                """, SecretMask.mask(text));
    }

    @Test
    void aTextThatDoesNotParseIsNotShownAtAll() {
        assertNull(SecretMask.mask("providers: [\n  apiKey: sk-0000000000000000xxxx\n"));
    }

    @Test
    void aByteOrderMarkDoesNotShiftTheColumns() {
        assertEquals("apiKey: \"…9999\"\n", SecretMask.mask("\uFEFFapiKey: piapi-bom-key-000009999\n"));
    }
}
