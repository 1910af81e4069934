package piapi.admin;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import piapi.config.ConfigHolder;
import piapi.config.GatewayConfig;
import piapi.config.User;
import piapi.http.JsonWriter;

/**
 * {@code GET /users/{name}/setup}: the ready-to-paste client setup for one user from {@link SetupSnippets}
 * (Claude Code, Codex CLI, the OpenAI and Anthropic SDKs, curl), as JSON, or one client's text with
 * {@code ?client=codex} ({@code text/plain}). The key is never in it: keys are shown once, when made, so
 * the snippets carry a placeholder. The gateway's address is {@code ?base_url=} (the page sends its own
 * origin, which is right behind a TLS terminator too), else {@code http://} and the request's Host.
 */
final class SetupEndpoint implements AdminEndpoint {
    private final ConfigHolder holder;

    SetupEndpoint(ConfigHolder holder) {
        this.holder = holder;
    }

    @Override
    public void handle(AdminRequest r) throws IOException {
        for (String p : r.paramNames()) {
            if (!p.equals("client") && !p.equals("base_url")) {
                r.error(400, "bad_request", "unknown parameter; use client and base_url");
                return;
            }
        }
        String name = r.pathParam("name");
        GatewayConfig config = holder.current().config();
        User user = config.users().stream().filter(u -> u.name().equals(name)).findFirst().orElse(null);
        if (user == null) {
            r.error(404, "not_found", "no user named '" + name + "'");
            return;
        }
        String base = baseUrl(r);
        if (base == null) {
            r.error(400, "bad_request", "base_url must be an absolute http:// or https:// URL without query, fragment or credentials");
            return;
        }
        List<SetupSnippets.Snippet> snippets = SetupSnippets.forUser(base, user.name(), null, SetupSnippets.servicesOf(user, config));
        String client = r.param("client");
        if (client != null) {
            for (SetupSnippets.Snippet s : snippets) {
                if (s.client().equals(client)) {
                    r.send(200, "text/plain; charset=utf-8", s.text().getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            r.error(404, "not_found", "no snippet for that client for this user; it has: "
                    + String.join(", ", snippets.stream().map(SetupSnippets.Snippet::client).toList()));
            return;
        }
        JsonWriter w = new JsonWriter(new StringBuilder(4096)).beginObject().field("user", user.name()).field("base_url", base)
                .field("key_placeholder", SetupSnippets.KEY_PLACEHOLDER).name("snippets").beginArray();
        for (SetupSnippets.Snippet s : snippets) {
            w.beginObject().field("client", s.client()).field("title", s.title()).field("language", s.language()).field("text", s.text()).endObject();
        }
        r.json(200, w.endArray().endObject().toString());
    }

    /** The given base URL if it is a plain http(s) URL, else the request's own address; null when unusable. */
    static String baseUrl(AdminRequest r) {
        String given = r.param("base_url");
        if (given != null && !given.isBlank()) {
            try {
                URI u = new URI(given.strip());
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                boolean ok = (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getRawQuery() == null
                        && u.getRawFragment() == null && u.getRawUserInfo() == null;
                return ok ? given.strip().replaceAll("/+$", "") : null;
            } catch (URISyntaxException e) {
                return null;
            }
        }
        String host = r.header("Host");
        if (host == null || host.isEmpty() || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || ".-:[]_".indexOf(c) >= 0)) {
            String ip = r.exchange().getLocalAddress().getHostString();
            host = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + r.exchange().getLocalAddress().getPort();
        }
        return "http://" + host;
    }
}
