package piapi.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;

/** Every curl line the demo prints works as printed, and the admin token is never part of a URL. */
class DemoBannerTest extends DemoGatewayTestBase {
    private String banner;

    @BeforeAll
    void readBanner() {
        banner = demo.session.banner(InetAddress.getLoopbackAddress(), demo.gateway.port());
    }

    /** Each curl command of the banner, its continuation lines joined, without any label before it. */
    static List<String> curlCommands(String text) {
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf("curl -");
            if (at < 0 || lines[i].startsWith("#")) continue;
            StringBuilder command = new StringBuilder(lines[i].substring(at));
            while (command.charAt(command.length() - 1) == '\\') command.append('\n').append(lines[++i]);
            out.add(command.toString());
        }
        return out;
    }

    /** Shell words as sh reads them: single quotes (with the '\'' idiom), backslash-newline continuations. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\\' && i + 1 < command.length() && command.charAt(i + 1) == '\n') {
                i++;
            } else if (c == '\\' && i + 1 < command.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(command.charAt(++i));
            } else if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                word = word == null ? new StringBuilder() : word;
                word.append(command, i + 1, end);
                i = end;
            } else if (c == ' ' || c == '\n') {
                if (word != null) words.add(word.toString());
                word = null;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) words.add(word.toString());
        return words;
    }

    /** Sends what the curl words ask for (-H, -d, the URL) with the JDK client. */
    HttpResponse<String> send(List<String> words) throws Exception {
        String url = null, data = null;
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-H" -> {
                    String h = words.get(++i);
                    int colon = h.indexOf(':');
                    headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1).strip()});
                }
                case "-d" -> data = words.get(++i);
                case "-sS", "-sSN" -> { }
                default -> {
                    assertTrue(w.startsWith("http://"), "unexpected curl word " + w);
                    url = w;
                }
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        for (String[] h : headers) b.header(h[0], h[1]);
        b.method(data == null ? "GET" : "POST", data == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(data));
        return demo.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAnswered(String command, int status, String body) throws Exception {
        assertEquals(200, status, command + "\n" + body);
        if (command.contains("/piadmin/api/routes")) {
            assertTrue(JsonReader.parseObject(body).containsKey("routes"), body);
        } else if (command.contains("\"stream\":true")) {
            List<Sse> events = Sse.parse(body);
            Sse last = events.get(events.size() - 1);
            assertTrue(last.data().equals("[DONE]") || List.of("message_stop", "response.completed").contains(last.event()), body);
        } else {
            assertTrue(JsonReader.parseObject(body).get("id") instanceof String, body);
        }
    }

    @Test
    void everyPrintedCurlCommandWorks() throws Exception {
        List<String> commands = curlCommands(banner);
        assertEquals(7, commands.size(), "per user a JSON and a streaming call, and the admin routes call: " + commands);
        for (String command : commands) {
            HttpResponse<String> r = send(words(command));
            assertAnswered(command, r.statusCode(), r.body());
        }
    }

    @Test
    void everyPrintedCurlCommandWorksInARealShell() throws Exception {
        Path curl = Path.of("/usr/bin/curl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(curl) && Files.isExecutable(Path.of("/bin/sh")),
                "no curl or /bin/sh here: the JDK client test above covers the commands");
        for (String command : curlCommands(banner)) {
            Process p = new ProcessBuilder("/bin/sh", "-c", command + " --noproxy '*' --max-time 20 -w '\\n%{http_code}'")
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl finished: " + command);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), command + "\n" + out);
            int cut = out.lastIndexOf('\n');
            assertAnswered(command, Integer.parseInt(out.substring(cut + 1)), out.substring(0, cut));
        }
    }

    @Test
    void theTokenIsPrintedButNeverInsideAUrl() {
        String token = demo.session.adminToken();
        assertTrue(token.matches("[0-9a-f]{32}"), "at least 24 random hex digits: " + token);
        assertTrue(banner.contains("admin page  " + demo.url("/piadmin/") + "  sign in with the admin token: " + token + "\n"), banner);
        for (String word : banner.split("[\\s'\"]+")) {
            if (word.contains("://")) assertFalse(word.contains(token), "a URL holds the token: " + word);
        }
        for (String line : banner.split("\n")) {
            if (line.contains(token)) {
                assertTrue(line.contains("admin token: " + token) || line.contains("'Authorization: Bearer " + token + "'"), line);
            }
        }
    }

    @Test
    void theBannerNamesWhereThingsAreAndEachUsersSetup() {
        assertTrue(banner.contains("  config      " + demo.session.configFile().toAbsolutePath() + "  "), banner);
        assertTrue(banner.contains("  data dir    " + demo.session.dataDir().toAbsolutePath() + "\n"), banner);
        assertTrue(banner.contains("demo-flaky  " + demo.session.flaky().baseUrl()), banner);
        for (DemoConfig.DemoUser user : demo.session.config().users()) {
            assertTrue(banner.contains("\n== " + user.name() + ": "), banner);
            assertTrue(banner.contains("export ANTHROPIC_BASE_URL=" + demo.url("/piapi/claude_code") + "\n"
                    + "export ANTHROPIC_AUTH_TOKEN=" + user.key() + "\n"), banner);
            assertTrue(banner.contains("named by env_key: export PIAPI_API_KEY=" + user.key() + "\n"), banner);
        }
        assertEquals(3, banner.split("base_url = \"" + demo.url("/piapi/codex") + "\"\n", -1).length - 1, banner);
        assertEquals(3, banner.split("wire_api = \"responses\"\n", -1).length - 1);
    }

    @Test
    void aWildcardListenIsShownAsLoopback() throws Exception {
        assertEquals("http://127.0.0.1:9200", DemoBanner.gatewayUrl(InetAddress.getByName("0.0.0.0"), 9200));
        assertEquals("http://127.0.0.1:9200", DemoBanner.gatewayUrl(null, 9200));
        assertEquals("http://[::1]:9201", DemoBanner.gatewayUrl(InetAddress.getByName("::1"), 9201));
        assertEquals("http://10.1.2.3:80", DemoBanner.gatewayUrl(InetAddress.getByName("10.1.2.3"), 80));
    }
}
