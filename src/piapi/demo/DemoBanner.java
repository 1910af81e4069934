package piapi.demo;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import piapi.admin.SetupSnippets;
import piapi.admin.SetupSnippets.Service;
import piapi.admin.SetupSnippets.Snippet;

/**
 * What the demo prints at start: where everything is, the admin page with its token beside it (never
 * inside a URL: a token in a URL ends up in histories, logs and Referer headers), and for each user
 * curl calls, the Claude Code environment and the Codex CLI provider block, all ready to paste.
 */
final class DemoBanner {
    private DemoBanner() {}

    /** The URL clients on this machine use: loopback when piapi listens on every interface. */
    static String gatewayUrl(InetAddress listen, int port) {
        if (listen == null || listen.isAnyLocalAddress()) return "http://127.0.0.1:" + port;
        if (!(listen instanceof Inet6Address)) return "http://" + listen.getHostAddress() + ":" + port;
        String host = listen.isLoopbackAddress() ? "::1" : listen.getHostAddress();
        int zone = host.indexOf('%'); // a scope id is not part of a URL's host
        return "http://[" + (zone < 0 ? host : host.substring(0, zone)) + "]:" + port;
    }

    /** The snippets' view of the demo's three services, as both providers serve them. */
    static List<Service> services() {
        return List.of(new Service("claude_code", SetupSnippets.Protocol.ANTHROPIC, "", "claude-sonnet-4-5"),
                new Service("codex", SetupSnippets.Protocol.OPENAI, "", "gpt-5-codex"),
                new Service("openai", SetupSnippets.Protocol.OPENAI, "", "gpt-4.1"));
    }

    record Where(String gatewayUrl, Path configFile, Path dataDir, String adminToken) {
        @Override
        public String toString() {
            return "Where[" + gatewayUrl + "]";
        }
    }

    static String text(DemoConfig config, Where where) {
        String url = where.gatewayUrl();
        StringBuilder b = new StringBuilder(8192);
        b.append("\n")
                .append("piapi demo: the gateway in front of two built-in providers that answer offline (no keys, no network)\n\n")
                .append("  gateway     ").append(url).append("\n")
                .append("  providers   demo-steady ").append(config.steadyUrl()).append("  answers every call\n")
                .append("              demo-flaky  ").append(config.flakyUrl())
                .append("  fails every 3rd call on purpose, before any byte: piapi fails over\n")
                .append("  config      ").append(where.configFile()).append("  (edits are live within a second)\n")
                .append("  data dir    ").append(where.dataDir()).append("\n")
                .append("  admin page  ").append(url).append("/piadmin/  sign in with the admin token: ").append(where.adminToken()).append("\n")
                .append("  routes      curl -sS -H 'Authorization: Bearer ").append(where.adminToken()).append("' ")
                .append(url).append("/piadmin/api/routes\n");
        for (DemoConfig.DemoUser user : config.users()) {
            b.append("\n== ").append(user.name()).append(": ").append(user.route()).append(" ==\n");
            List<Snippet> snippets = SetupSnippets.forUser(url, user.name(), user.key(), services());
            List<Service> tried = services().stream().filter(s -> s.type().equals(user.curlService())).toList();
            List<String> blocks = new ArrayList<>();
            SetupSnippets.forUser(url, user.name(), user.key(), tried).stream().filter(s -> s.client().equals("curl"))
                    .forEach(s -> blocks.add(s.text()));
            for (String client : List.of("claude_code", "codex")) {
                snippets.stream().filter(s -> s.client().equals(client)).forEach(s -> blocks.add(s.text()));
            }
            b.append(String.join("\n", blocks));
        }
        return b.append("\nStop the demo with Ctrl-C.\n").toString();
    }
}
