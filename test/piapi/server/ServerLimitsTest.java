package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import piapi.support.ChildPiapi;
import piapi.support.RawHttp;

/**
 * The JDK server's own request limits, as piapi sets them: a request head past 64 KiB or with more than 100
 * header names is closed without an answer, and a request target the JDK cannot parse as a URI gets the
 * JDK's own 400 page; piapi never sees either (no request id, no access line). The limits are JVM-wide system
 * properties read once, when the first server of the JVM starts, so they are checked on piapi started the way
 * a user starts it ({@code piapi.Main}) in a JVM of its own, whatever ran before in this one.
 */
class ServerLimitsTest {
    @TempDir
    static Path dir;
    static ChildPiapi piapi;

    @BeforeAll
    static void start() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                providers:
                  - name: p
                    apiKeys: { main: sk-limits-provider-0001 }
                    services: [{ type: codex, baseUrl: "http://127.0.0.1:9/v1" }]
                users:
                  - name: alice
                    apiKey: piapi-limits-user-0001
                    services: { codex: { providerName: p, providerKeyName: main } }
                """);
        piapi = ChildPiapi.start(config, List.of("-Xmx64m"));
    }

    @AfterAll
    static void stop() {
        if (piapi != null) piapi.close();
    }

    /** GET /healthz with {@code headers} (each a full line without CRLF) after Host. */
    static String get(String target, List<String> headers) throws Exception {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        for (String h : headers) request.append(h).append("\r\n");
        return RawHttp.exchange(piapi.port(), request.append("\r\n").toString());
    }

    /** One header line of about {@code bytes} as the JDK counts them (name + value + 32). */
    static List<String> headerOf(int bytes) {
        return List.of("X-Big: " + "a".repeat(bytes - 32 - "X-Big: ".length()));
    }

    static List<String> distinctHeaders(int count) {
        return IntStream.range(0, count).mapToObj(i -> "X-Header-" + i + ": v").toList();
    }

    @Test
    void aRequestHeadJustUnder64KiBReachesPiapi() throws Exception {
        String answer = get("/healthz", headerOf(60 * 1024));
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.toLowerCase(Locale.ROOT).contains("x-piapi-request-id: "), "piapi answered: " + answer);
    }

    @Test
    void aRequestHeadPast64KiBIsClosedByTheJdkServerWithoutAnAnswer() throws Exception {
        assertEquals("", get("/healthz", headerOf(65 * 1024)), "closed, nothing sent");
        assertEquals("", get("/healthz?q=" + "a".repeat(65 * 1024), List.of()), "a request line past the limit too");
        assertTrue(piapi.alive());
        assertTrue(get("/healthz", List.of()).startsWith("HTTP/1.1 200"), "the next request is served");
    }

    @Test
    void upTo100HeaderNamesPassAndTheNextIsClosed() throws Exception {
        // Host and Connection are two of them
        assertTrue(get("/healthz", distinctHeaders(98)).startsWith("HTTP/1.1 200"));
        assertEquals("", get("/healthz", distinctHeaders(99)), "101 names: closed, nothing sent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/piapi/codex/v1/{model}", "/piapi/codex/a|b", "/piapi/codex/a%zz", "/piapi/codex/%"})
    void aTargetTheJdkCannotParseGetsItsOwn400AndNeverReachesPiapi(String target) throws Exception {
        String answer = get(target, List.of("Authorization: Bearer piapi-limits-user-0001"));
        assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
        assertTrue(answer.contains("Content-Type: text/html"), answer);
        assertTrue(answer.contains("Connection: close"), answer);
        assertFalse(answer.toLowerCase(Locale.ROOT).contains("x-piapi-request-id"), "piapi never saw it: " + answer);
        assertFalse(piapi.output().contains(target.substring(target.lastIndexOf('/'))), "no access line: " + piapi.output());
    }
}
