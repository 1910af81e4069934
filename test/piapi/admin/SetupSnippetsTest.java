package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.admin.SetupSnippets.Protocol;
import piapi.admin.SetupSnippets.Service;
import piapi.admin.SetupSnippets.Snippet;
import piapi.config.Auth;
import piapi.config.ConfigLoader;
import piapi.config.GatewayConfig;
import piapi.config.ParsedConfig;

/** The exact setup texts each client gets, and the rules that pick protocol and base URL. */
class SetupSnippetsTest {
    private static final String GATEWAY = "http://piapi.example:9200";
    private static final List<Service> ALL = List.of(
            new Service("claude_code", Protocol.ANTHROPIC, "", null),
            new Service("codex", Protocol.OPENAI, "", null),
            new Service("openai", Protocol.OPENAI, "/v1", "gpt-4.1-mini"));

    private static Snippet snippet(List<Snippet> snippets, String client) {
        return snippets.stream().filter(s -> s.client().equals(client)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + client + " snippet in " + snippets));
    }

    @Test
    void clientsComeInAFixedOrder() {
        List<Snippet> all = SetupSnippets.forUser(GATEWAY, "alice", "pk-alice", ALL);
        assertEquals(List.of("claude_code", "codex", "openai_sdk", "anthropic_sdk", "curl"), all.stream().map(Snippet::client).toList());
        List<Snippet> openAiOnly = SetupSnippets.forUser(GATEWAY, "bob", "pk-bob", List.of(ALL.get(2)));
        assertEquals(List.of("codex", "openai_sdk", "curl"), openAiOnly.stream().map(Snippet::client).toList());
        List<Snippet> anthropicOnly = SetupSnippets.forUser(GATEWAY, "carol", "pk", List.of(ALL.get(0)));
        assertEquals(List.of("claude_code", "anthropic_sdk", "curl"), anthropicOnly.stream().map(Snippet::client).toList());
        assertEquals(List.of(), SetupSnippets.forUser(GATEWAY, "dan", "pk", List.of()));
    }

    @Test
    void claudeCodeGetsBaseUrlAndTokenAndIsToldToUnsetTheApiKey() {
        Snippet s = snippet(SetupSnippets.forUser(GATEWAY + "/", "alice", "pk-alice", ALL), "claude_code");
        assertEquals("Claude Code: environment (service claude_code)", s.title());
        assertEquals("sh", s.language());
        assertEquals("""
                # Claude Code through piapi as alice (service claude_code)
                export ANTHROPIC_BASE_URL=http://piapi.example:9200/piapi/claude_code
                export ANTHROPIC_AUTH_TOKEN=pk-alice
                # an ANTHROPIC_API_KEY would be used instead of the token: unset it
                # (and if Claude Code is signed in to an account, run /logout in it once)
                unset ANTHROPIC_API_KEY
                claude
                """, s.text());
    }

    @Test
    void codexGetsAProviderBlockWithEnvKeyAndTheResponsesWireApi() {
        Snippet s = snippet(SetupSnippets.forUser(GATEWAY, "alice", "pk-alice", ALL), "codex");
        assertEquals("Codex CLI: ~/.codex/config.toml (service codex)", s.title());
        assertEquals("toml", s.language());
        assertEquals("""
                # ~/.codex/config.toml: Codex CLI through piapi as alice (service codex)
                # The two top-level keys go above any [table]. Codex sends the key only from the variable
                # named by env_key: export PIAPI_API_KEY=pk-alice
                model_provider = "piapi"
                model = "gpt-5-codex"

                [model_providers.piapi]
                name = "piapi"
                base_url = "http://piapi.example:9200/piapi/codex"
                env_key = "PIAPI_API_KEY"
                wire_api = "responses"
                """, s.text());
    }

    @Test
    void codexFallsBackToAChatServiceWithItsPrefix() {
        Snippet s = snippet(SetupSnippets.forUser(GATEWAY, "bob", "pk-bob", List.of(ALL.get(2))), "codex");
        assertTrue(s.text().contains("base_url = \"http://piapi.example:9200/piapi/openai/v1\"\n"), s.text());
        assertTrue(s.text().contains("model = \"gpt-4.1-mini\"\n"), s.text());
    }

    @Test
    void openAiSdkBaseUrlCarriesThePrefixTheSdkDoesNotAdd() {
        Snippet s = snippet(SetupSnippets.forUser(GATEWAY, "alice", "pk-alice", ALL), "openai_sdk");
        assertEquals("OpenAI SDK: base URL (service openai)", s.title());
        assertEquals("python", s.language());
        assertEquals("""
                # OpenAI Python SDK through piapi as alice (service openai)
                from openai import OpenAI

                client = OpenAI(base_url="http://piapi.example:9200/piapi/openai/v1", api_key="pk-alice")
                reply = client.chat.completions.create(model="gpt-4.1-mini", messages=[{"role": "user", "content": "Hello"}])
                print(reply.choices[0].message.content)
                """, s.text());
        Snippet responses = snippet(SetupSnippets.forUser(GATEWAY, "alice", "pk-alice", List.of(ALL.get(1))), "openai_sdk");
        assertEquals("""
                # OpenAI Python SDK through piapi as alice (service codex)
                from openai import OpenAI

                client = OpenAI(base_url="http://piapi.example:9200/piapi/codex", api_key="pk-alice")
                reply = client.responses.create(model="gpt-5-codex", input="Hello")
                print(reply.output_text)
                """, responses.text());
    }

    @Test
    void anthropicSdkBaseUrlIsTheServiceRoot() {
        Snippet s = snippet(SetupSnippets.forUser(GATEWAY, "alice", "pk-alice", ALL), "anthropic_sdk");
        assertEquals("Anthropic SDK: base URL (service claude_code)", s.title());
        assertEquals("""
                # Anthropic Python SDK through piapi as alice (service claude_code); it adds /v1/messages itself
                import anthropic

                client = anthropic.Anthropic(base_url="http://piapi.example:9200/piapi/claude_code", api_key="pk-alice")
                message = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=[{"role": "user", "content": "Hello"}])
                print(message.content[0].text)
                """, s.text());
    }

    @Test
    void curlCallsEveryServiceAndStreamsTheFirst() {
        Snippet s = snippet(SetupSnippets.forUser(GATEWAY, "alice", "pk-alice", ALL), "curl");
        assertEquals("sh", s.language());
        assertEquals("""
                # alice's services through piapi with curl
                curl -sS http://piapi.example:9200/piapi/claude_code/v1/messages \\
                  -H 'x-api-key: pk-alice' -H 'anthropic-version: 2023-06-01' -H 'content-type: application/json' \\
                  -d '{"model":"claude-sonnet-4-5","max_tokens":256,"messages":[{"role":"user","content":"Hello"}]}'
                curl -sS http://piapi.example:9200/piapi/codex/responses \\
                  -H 'Authorization: Bearer pk-alice' -H 'content-type: application/json' \\
                  -d '{"model":"gpt-5-codex","input":"Hello"}'
                curl -sS http://piapi.example:9200/piapi/openai/v1/chat/completions \\
                  -H 'Authorization: Bearer pk-alice' -H 'content-type: application/json' \\
                  -d '{"model":"gpt-4.1-mini","messages":[{"role":"user","content":"Hello"}]}'
                # the same as a stream of server-sent events
                curl -sSN http://piapi.example:9200/piapi/claude_code/v1/messages \\
                  -H 'x-api-key: pk-alice' -H 'anthropic-version: 2023-06-01' -H 'content-type: application/json' \\
                  -d '{"model":"claude-sonnet-4-5","max_tokens":256,"messages":[{"role":"user","content":"Hello"}],"stream":true}'
                """, s.text());
        Snippet chatStream = snippet(SetupSnippets.forUser(GATEWAY, "bob", "pk-bob", List.of(ALL.get(2))), "curl");
        assertTrue(chatStream.text().endsWith("""
                  -d '{"model":"gpt-4.1-mini","messages":[{"role":"user","content":"Hello"}],"stream":true,"stream_options":{"include_usage":true}}'
                """), chatStream.text());
    }

    @Test
    void withoutTheKeyAQuotedPlaceholderStandsIn() {
        List<Snippet> all = SetupSnippets.forUser(GATEWAY, "alice", null, ALL);
        assertTrue(snippet(all, "claude_code").text().contains("export ANTHROPIC_AUTH_TOKEN='<your piapi key>'\n"));
        assertTrue(snippet(all, "codex").text().contains("export PIAPI_API_KEY='<your piapi key>'\n"));
        assertTrue(snippet(all, "openai_sdk").text().contains("api_key=\"<your piapi key>\""));
        assertTrue(snippet(all, "curl").text().contains("-H 'Authorization: Bearer <your piapi key>'"));
        assertEquals(all, SetupSnippets.forUser(GATEWAY, "alice", "", ALL));
    }

    @Test
    void hostileKeysAndNamesStayInsideTheirQuotes() {
        String key = "it's \"odd\" $HOME \\ `x`";
        List<Snippet> all = SetupSnippets.forUser(GATEWAY, "alice", key, ALL);
        assertTrue(snippet(all, "claude_code").text().contains("export ANTHROPIC_AUTH_TOKEN='it'\\''s \"odd\" $HOME \\ `x`'\n"));
        assertTrue(snippet(all, "openai_sdk").text().contains("api_key=\"it's \\\"odd\\\" $HOME \\\\ `x`\")"));
        assertTrue(snippet(all, "curl").text().contains("-H 'x-api-key: it'\\''s \"odd\" $HOME \\ `x`'"));
        assertEquals("\"a\\u0001b\\nc\"", SetupSnippets.Quoting.toml("a\u0001b\nc"));
    }

    @Test
    void protocolIsAnthropicForXApiKeyOrAnAnthropicHost() {
        Auth xApiKey = new Auth(Auth.Mode.HEADER, "X-Api-Key", "");
        assertEquals(Protocol.ANTHROPIC, SetupSnippets.protocolOf(xApiKey, "https://llm.example/claude"));
        assertEquals(Protocol.ANTHROPIC, SetupSnippets.protocolOf(Auth.DEFAULT, "https://api.anthropic.com"));
        assertEquals(Protocol.ANTHROPIC, SetupSnippets.protocolOf(Auth.DEFAULT, "https://gw.Anthropic.example.com/x"));
        assertEquals(Protocol.OPENAI, SetupSnippets.protocolOf(Auth.DEFAULT, "https://api.openai.com/v1"));
        assertEquals(Protocol.OPENAI, SetupSnippets.protocolOf(new Auth(Auth.Mode.QUERY, "x-api-key", ""), "https://q.example"));
    }

    @Test
    void openAiPrefixIsAddedOnlyForABareHost() {
        assertEquals("/v1", SetupSnippets.pathPrefixOf(Protocol.OPENAI, "https://api.openai.com"));
        assertEquals("/v1", SetupSnippets.pathPrefixOf(Protocol.OPENAI, "https://api.openai.com/"));
        assertEquals("", SetupSnippets.pathPrefixOf(Protocol.OPENAI, "https://api.openai.com/v1"));
        assertEquals("", SetupSnippets.pathPrefixOf(Protocol.OPENAI, "https://chatgpt.example/backend-api/codex"));
        assertEquals("", SetupSnippets.pathPrefixOf(Protocol.ANTHROPIC, "https://api.anthropic.com"));
    }

    @Test
    void servicesComeFromTheFirstEnabledCandidatesEndpoint() {
        String yaml = """
                providers:
                  - name: anth
                    apiKeys: { k: sk-1 }
                    services:
                      - { type: claude_code, baseUrl: "https://relay.example/claude", auth: { mode: header, name: x-api-key } }
                      - { type: openai, baseUrl: "https://relay.example" }
                  - name: oai
                    apiKeys: { k: sk-2 }
                    services:
                      - { type: openai, baseUrl: "https://api.openai.com/v1" }
                users:
                  - name: alice
                    apiKey: pk-alice
                    services:
                      openai:
                        strategy: round_robin
                        candidates:
                          - { providerName: anth, providerKeyName: k, enabled: false }
                          - { providerName: oai, providerKeyName: k }
                      claude_code: { providerName: anth, providerKeyName: k }
                """;
        ParsedConfig parsed = new ConfigLoader(Map.of()).parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml");
        GatewayConfig config = assertInstanceOf(ParsedConfig.Loaded.class, parsed, parsed.problems()::toString).config();
        List<Service> services = SetupSnippets.servicesOf(config.users().get(0), config);
        assertEquals(List.of(new Service("openai", Protocol.OPENAI, "", null), new Service("claude_code", Protocol.ANTHROPIC, "", null)),
                services);
        assertFalse(services.get(0).responsesApi());
        assertTrue(new Service("codex", Protocol.OPENAI, "", null).responsesApi());
        assertFalse(new Service("codex", Protocol.ANTHROPIC, "", null).responsesApi());
    }
}
