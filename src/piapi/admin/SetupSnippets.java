package piapi.admin;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import piapi.config.Auth;
import piapi.config.Candidate;
import piapi.config.GatewayConfig;
import piapi.config.Provider;
import piapi.config.Route;
import piapi.config.ServiceEndpoint;
import piapi.config.User;
import piapi.http.JsonWriter;
import piapi.yaml.DoubleQuoted;

/**
 * Ready-to-paste setup for one user: the Claude Code environment, the Codex CLI provider block, the
 * OpenAI and Anthropic SDKs' base URLs, and curl calls, filled in with the gateway's address, the
 * user's key (or a placeholder) and the user's services. Pure: the same input gives the same text,
 * so the admin page, {@code GET /piadmin/api/users/<name>/setup} and the demo banner agree.
 *
 * <p>Snippets come in a fixed order: {@code claude_code}, {@code codex}, {@code openai_sdk},
 * {@code anthropic_sdk}, {@code curl}; a client is left out when no service of the user speaks its
 * protocol.
 */
public final class SetupSnippets {
    /** Stands in for the user's key when the caller does not have it (keys are shown once, at creation). */
    public static final String KEY_PLACEHOLDER = "<your piapi key>";
    /** The environment variable the Codex provider block reads the key from ({@code env_key}). */
    public static final String CODEX_ENV_KEY = "PIAPI_API_KEY";

    private SetupSnippets() {}

    /** The wire protocol family a service speaks, which decides the clients it can serve. */
    public enum Protocol { ANTHROPIC, OPENAI }

    /**
     * One of the user's services as the snippets need it.
     *
     * @param type       the service type, the path segment after {@code /piapi/}
     * @param protocol   what the upstream speaks
     * @param pathPrefix what a client must add after {@code /piapi/<type>} because it does not add it
     *                   itself: {@code /v1} for an OpenAI service whose upstream base URL is a bare host, else empty
     * @param model      the model the examples ask for, or null for a default of the protocol
     */
    public record Service(String type, Protocol protocol, String pathPrefix, String model) {
        public Service {
            if (pathPrefix == null) pathPrefix = "";
        }

        /** OpenAI services named like Codex's ({@code codex}, {@code *responses*}) are called with the Responses API. */
        public boolean responsesApi() {
            String t = type.toLowerCase(Locale.ROOT);
            return protocol == Protocol.OPENAI && (t.contains("codex") || t.contains("responses"));
        }

        String exampleModel() {
            if (model != null && !model.isBlank()) return model;
            return protocol == Protocol.ANTHROPIC ? "claude-sonnet-4-5" : responsesApi() ? "gpt-5-codex" : "gpt-4.1";
        }
    }

    /**
     * One snippet.
     *
     * @param client   {@code claude_code}, {@code codex}, {@code openai_sdk}, {@code anthropic_sdk} or {@code curl}
     * @param title    a one-line heading
     * @param language how to highlight it: {@code sh}, {@code toml} or {@code python}
     * @param text     the text to paste, ending with a newline
     */
    public record Snippet(String client, String title, String language, String text) {}

    /**
     * Anthropic when the key goes in an {@code x-api-key} header or the base URL's host names anthropic;
     * OpenAI otherwise (Bearer keys are what OpenAI and the many OpenAI-compatible upstreams take).
     */
    public static Protocol protocolOf(Auth auth, String baseUrl) {
        if (auth.mode() == Auth.Mode.HEADER && auth.name().equalsIgnoreCase("x-api-key")) return Protocol.ANTHROPIC;
        String host = URI.create(baseUrl).getHost();
        return host != null && host.toLowerCase(Locale.ROOT).contains("anthropic") ? Protocol.ANTHROPIC : Protocol.OPENAI;
    }

    /**
     * The prefix OpenAI clients need: they append {@code /chat/completions} or {@code /responses} to a base
     * URL that is expected to end in the API root ({@code https://api.openai.com/v1}). An upstream written as
     * a bare host needs {@code /v1} from the client; one with a path already names its API root.
     */
    public static String pathPrefixOf(Protocol protocol, String baseUrl) {
        if (protocol == Protocol.ANTHROPIC) return ""; // Anthropic clients add /v1/messages themselves
        String path = URI.create(baseUrl).getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? "/v1" : "";
    }

    /** The snippet view of one provider endpoint. */
    public static Service service(ServiceEndpoint endpoint, String model) {
        Protocol protocol = protocolOf(endpoint.auth(), endpoint.baseUrl());
        return new Service(endpoint.type(), protocol, pathPrefixOf(protocol, endpoint.baseUrl()), model);
    }

    /**
     * The user's services in config order, each judged by the endpoint of its route's first enabled
     * candidate (the first candidate when all are disabled).
     */
    public static List<Service> servicesOf(User user, GatewayConfig config) {
        List<Service> out = new ArrayList<>();
        for (Map.Entry<String, Route> e : user.services().entrySet()) {
            List<Candidate> candidates = e.getValue().candidates();
            if (candidates.isEmpty()) continue;
            Candidate pick = candidates.stream().filter(Candidate::enabled).findFirst().orElse(candidates.get(0));
            Provider provider = config.provider(pick.providerName());
            ServiceEndpoint endpoint = provider == null ? null : provider.service(e.getKey());
            if (endpoint != null) out.add(service(endpoint, null));
        }
        return out;
    }

    /**
     * The snippets for one user.
     *
     * @param gatewayUrl how clients reach piapi, e.g. {@code http://piapi.example:9200} (a trailing slash is ignored)
     * @param user       the user's name, for the comments
     * @param key        the user's piapi key, or null to print {@link #KEY_PLACEHOLDER}
     * @param services   the user's services, in the order to show them
     */
    public static List<Snippet> forUser(String gatewayUrl, String user, String key, List<Service> services) {
        String base = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        String k = key == null || key.isEmpty() ? KEY_PLACEHOLDER : key;
        Service anthropic = first(services, Protocol.ANTHROPIC, false);
        Service codex = first(services, Protocol.OPENAI, true);
        Service openai = first(services, Protocol.OPENAI, false);
        List<Snippet> out = new ArrayList<>();
        if (anthropic != null) out.add(claudeCode(base, user, k, anthropic));
        if (codex != null) out.add(codex(base, user, k, codex));
        if (openai != null) out.add(openAiSdk(base, user, k, openai));
        if (anthropic != null) out.add(anthropicSdk(base, user, k, anthropic));
        if (!services.isEmpty()) out.add(curl(base, user, k, services));
        return List.copyOf(out);
    }

    /** The first service of the protocol, preferring Responses-style ones when asked to and others otherwise. */
    private static Service first(List<Service> services, Protocol protocol, boolean preferResponses) {
        Service fallback = null;
        for (Service s : services) {
            if (s.protocol() != protocol) continue;
            if (protocol == Protocol.ANTHROPIC || s.responsesApi() == preferResponses) return s;
            if (fallback == null) fallback = s;
        }
        return fallback;
    }

    /** Where a client sends calls for this service: the proxy path plus the prefix the client does not add. */
    static String clientBase(String base, Service s) {
        return base + "/piapi/" + s.type() + s.pathPrefix();
    }

    private static Snippet claudeCode(String base, String user, String key, Service s) {
        String text = "# Claude Code through piapi as " + user + " (service " + s.type() + ")\n"
                + "export ANTHROPIC_BASE_URL=" + Quoting.shell(clientBase(base, s)) + "\n"
                + "export ANTHROPIC_AUTH_TOKEN=" + Quoting.shell(key) + "\n"
                + "# an ANTHROPIC_API_KEY would be used instead of the token: unset it\n"
                + "# (and if Claude Code is signed in to an account, run /logout in it once)\n"
                + "unset ANTHROPIC_API_KEY\n"
                + "claude\n";
        return new Snippet("claude_code", "Claude Code: environment (service " + s.type() + ")", "sh", text);
    }

    private static Snippet codex(String base, String user, String key, Service s) {
        String text = "# ~/.codex/config.toml: Codex CLI through piapi as " + user + " (service " + s.type() + ")\n"
                + "# The two top-level keys go above any [table]. Codex sends the key only from the variable\n"
                + "# named by env_key: export " + CODEX_ENV_KEY + "=" + Quoting.shell(key) + "\n"
                + "model_provider = \"piapi\"\n"
                + "model = " + Quoting.toml(s.exampleModel()) + "\n"
                + "\n"
                + "[model_providers.piapi]\n"
                + "name = \"piapi\"\n"
                + "base_url = " + Quoting.toml(clientBase(base, s)) + "\n"
                + "env_key = \"" + CODEX_ENV_KEY + "\"\n"
                + "wire_api = \"responses\"\n";
        return new Snippet("codex", "Codex CLI: ~/.codex/config.toml (service " + s.type() + ")", "toml", text);
    }

    private static Snippet openAiSdk(String base, String user, String key, Service s) {
        String call = s.responsesApi()
                ? "reply = client.responses.create(model=" + Quoting.python(s.exampleModel()) + ", input=\"Hello\")\n"
                        + "print(reply.output_text)\n"
                : "reply = client.chat.completions.create(model=" + Quoting.python(s.exampleModel())
                        + ", messages=[{\"role\": \"user\", \"content\": \"Hello\"}])\n"
                        + "print(reply.choices[0].message.content)\n";
        String text = "# OpenAI Python SDK through piapi as " + user + " (service " + s.type() + ")\n"
                + "from openai import OpenAI\n"
                + "\n"
                + "client = OpenAI(base_url=" + Quoting.python(clientBase(base, s)) + ", api_key=" + Quoting.python(key) + ")\n"
                + call;
        return new Snippet("openai_sdk", "OpenAI SDK: base URL (service " + s.type() + ")", "python", text);
    }

    private static Snippet anthropicSdk(String base, String user, String key, Service s) {
        String text = "# Anthropic Python SDK through piapi as " + user + " (service " + s.type() + "); it adds /v1/messages itself\n"
                + "import anthropic\n"
                + "\n"
                + "client = anthropic.Anthropic(base_url=" + Quoting.python(clientBase(base, s)) + ", api_key=" + Quoting.python(key) + ")\n"
                + "message = client.messages.create(model=" + Quoting.python(s.exampleModel())
                + ", max_tokens=1024, messages=[{\"role\": \"user\", \"content\": \"Hello\"}])\n"
                + "print(message.content[0].text)\n";
        return new Snippet("anthropic_sdk", "Anthropic SDK: base URL (service " + s.type() + ")", "python", text);
    }

    private static Snippet curl(String base, String user, String key, List<Service> services) {
        StringBuilder text = new StringBuilder("# " + user + "'s services through piapi with curl\n");
        for (Service s : services) curlCall(text, base, key, s, false);
        text.append("# the same as a stream of server-sent events\n");
        curlCall(text, base, key, services.get(0), true);
        return new Snippet("curl", "curl", "sh", text.toString());
    }

    private static void curlCall(StringBuilder out, String base, String key, Service s, boolean stream) {
        JsonWriter body = new JsonWriter().beginObject().field("model", s.exampleModel());
        String endpoint;
        String headers;
        if (s.protocol() == Protocol.ANTHROPIC) {
            endpoint = "/v1/messages";
            headers = Quoting.shell("x-api-key: " + key) + " -H 'anthropic-version: 2023-06-01'";
            body.field("max_tokens", 256);
            messages(body);
        } else {
            endpoint = s.responsesApi() ? "/responses" : "/chat/completions";
            headers = Quoting.shell("Authorization: Bearer " + key);
            if (s.responsesApi()) body.field("input", "Hello"); else messages(body);
        }
        if (stream) {
            body.field("stream", true);
            if (s.protocol() == Protocol.OPENAI && !s.responsesApi()) {
                body.name("stream_options").beginObject().field("include_usage", true).endObject();
            }
        }
        out.append("curl -sS").append(stream ? "N " : " ").append(Quoting.shell(clientBase(base, s) + endpoint)).append(" \\\n")
                .append("  -H ").append(headers).append(" -H 'content-type: application/json' \\\n")
                .append("  -d ").append(Quoting.shell(body.endObject().toString())).append('\n');
    }

    private static void messages(JsonWriter body) {
        body.name("messages").beginArray().beginObject().field("role", "user").field("content", "Hello").endObject().endArray();
    }

    /** Quoting for the three languages the snippets are written in. */
    static final class Quoting {
        private Quoting() {}

        /** As is when every character is safe in a shell word, else single-quoted. */
        static String shell(String s) {
            if (!s.isEmpty() && s.chars().allMatch(Quoting::shellSafe)) return s;
            return "'" + s.replace("'", "'\\''") + "'";
        }

        private static boolean shellSafe(int c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_@%+=:,./-".indexOf(c) >= 0;
        }

        /** A TOML basic string. */
        static String toml(String s) {
            return DoubleQuoted.of(s);
        }

        /** A Python string literal. */
        static String python(String s) {
            return DoubleQuoted.of(s);
        }
    }
}
