package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.config.ResolvedCandidate;
import piapi.config.Settings;
import piapi.config.Timeouts;
import piapi.support.TestConfig;

/** Building the upstream request: path join, query merge, credential injection, header policy. */
class UpstreamRequestsTest {

    /** The single upstream of a one-provider config with this base URL and auth block. */
    static ResolvedCandidate upstream(String baseUrl, String auth) {
        TestConfig c = TestConfig.config().provider("p").key("k", "sk-test secret/+=");
        if (auth.isEmpty()) c.service("svc", baseUrl); else c.service("svc", baseUrl, auth);
        return c.user("u", "user-key-000001").route("svc", "p", "k").snapshot().user("user-key-000001").routes().get("svc").upstreams().get(0);
    }

    static String target(String baseUrl, String rest, String query) {
        return UpstreamRequests.target(upstream(baseUrl, ""), rest, query);
    }

    @Test
    void pathJoinFollowsTheGoRules() {
        assertEquals("http://h:1/v1/chat/completions", target("http://h:1/v1", "chat/completions", null));
        assertEquals("http://h:1/v1/chat", target("http://h:1/v1/", "chat", null), "base trailing slash is not doubled");
        assertEquals("http://h:1/v1", target("http://h:1/v1", "", null), "empty rest: the base path alone");
        assertEquals("http://h:1/v1/", target("http://h:1/v1/", "", null), "the base keeps its trailing slash");
        assertEquals("http://h:1/", target("http://h:1", "", null), "no base path: /");
        assertEquals("http://h:1/x", target("http://h:1", "x", null));
        assertEquals("http://h:1/x", target("http://h:1/", "x", null));
        assertEquals("http://h:1/v1/a/", target("http://h:1/v1", "a/", null), "the request's trailing slash is kept");
    }

    @Test
    void pathAndQueryStayRaw() {
        assertEquals("https://h/v1/a%2Fb/c%20d?sp=a%20b&x=%2F&b=2&a=1", target("https://h/v1", "a%2Fb/c%20d", "sp=a%20b&x=%2F&b=2&a=1"));
        assertEquals("https://h/v1/x?a=1;b=2&c", target("https://h/v1", "x", "a=1;b=2&c"), "';' and valueless pairs pass as sent");
    }

    @Test
    void baseQueryComesFirstThenTheClients() {
        assertEquals("http://h/v1/x?fixed=a&z=1&b=2&fixed=req", target("http://h/v1?fixed=a&z=1", "x", "b=2&fixed=req"));
        assertEquals("http://h/v1/x?fixed=a", target("http://h/v1?fixed=a", "x", null));
        assertEquals("http://h/v1/x?b=2", target("http://h/v1", "x", "b=2"));
        assertEquals("http://h/v1/x", target("http://h/v1", "x", ""));
    }

    @Test
    void queryAuthRemovesEveryClientAndBaseValueOfItsName() {
        ResolvedCandidate u = upstream("http://h/q?key=base&fixed=a", "{ mode: query, name: key }");
        assertEquals("http://h/q/x?fixed=a&b=2&k=3&key=sk-test+secret%2F%2B%3D",
                UpstreamRequests.target(u, "x", "key=mine&b=2&k%65y=sneaky&k=3"));
        assertEquals("http://h/q?fixed=a&key=sk-test+secret%2F%2B%3D", UpstreamRequests.target(u, "", null));
    }

    /** A request as admitted, with a first-byte timeout of {@code firstByte}. */
    static ProxyRequest request(String method, Headers h, String rest, byte[] body, Duration firstByte, String requestId) {
        Settings settings = TestConfig.config().noUsers().section("timeouts: {firstByte: " + firstByte.toMillis() + "ms}").snapshot().settings();
        return new ProxyRequest(requestId, method, h, rest, null, new RequestBody.InMemory(body), null, null, settings);
    }

    static HttpRequest build(ResolvedCandidate u, Headers h) throws Exception {
        return UpstreamRequests.build(request("POST", h, "v1/messages", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(3), "rid-1"), u);
    }

    static Headers headers(String... nameValues) {
        Headers h = new Headers();
        for (int i = 0; i < nameValues.length; i += 2) h.add(nameValues[i], nameValues[i + 1]);
        return h;
    }

    @Test
    void headerAuthSetsPrefixAndKeyAndReplacesClientValues() throws Exception {
        HttpRequest r = build(upstream("https://h/v1", ""), headers("Authorization", "Bearer user-key-000001"));
        assertEquals(List.of("Bearer sk-test secret/+="), r.headers().allValues("Authorization"));
        HttpRequest x = build(upstream("https://h/v1", "{ mode: header, name: x-api-key }"), headers("x-api-key", "user-key-000001"));
        assertEquals(List.of("sk-test secret/+="), x.headers().allValues("x-api-key"));
        assertTrue(x.headers().firstValue("Authorization").isEmpty());
        HttpRequest custom = build(upstream("https://h/v1", "{ mode: header, name: api-key, prefix: 'Token ' }"), headers());
        assertEquals(List.of("Token sk-test secret/+="), custom.headers().allValues("api-key"));
    }

    @Test
    void clientCredentialAndHopByHopHeadersAreDroppedOthersKeptAsSent() throws Exception {
        HttpRequest r = build(upstream("http://h/v1", "{ mode: query, name: key }"), headers(
                "Authorization", "Bearer user-key-000001", "X-api-key", "user-key-000001", "Api-key", "a", "X-goog-api-key", "g",
                "Proxy-authorization", "Basic x", "Connection", "keep-alive, X-Private", "X-private", "p", "Keep-alive", "5",
                "Te", "trailers", "Trailer", "x", "Upgrade", "h2c", "Host", "evil", "Content-length", "2", "Expect", "100-continue",
                "Anthropic-beta", "a, b", "Session_id", "s1", "X-codex-turn", "7", "Openai-beta", "responses=v1", "Cookie", "c=1",
                "Accept", "text/event-stream", "User-agent", "claude-cli/2.0"));
        Map<String, List<String>> h = r.headers().map();
        for (String gone : new String[] {"authorization", "x-api-key", "api-key", "x-goog-api-key", "proxy-authorization",
                "connection", "x-private", "keep-alive", "te", "trailer", "upgrade", "host", "content-length", "expect"}) {
            assertFalse(r.headers().firstValue(gone).isPresent(), gone + " must not be forwarded: " + h);
        }
        assertEquals(List.of("a, b"), r.headers().allValues("anthropic-beta"));
        assertEquals(List.of("s1"), r.headers().allValues("session_id"));
        assertEquals(List.of("7"), r.headers().allValues("x-codex-turn"));
        assertEquals(List.of("responses=v1"), r.headers().allValues("openai-beta"));
        assertEquals(List.of("claude-cli/2.0"), r.headers().allValues("user-agent"));
        assertEquals(List.of("rid-1"), r.headers().allValues("x-request-id"), "piapi's id when the client sent none");
    }

    @Test
    void cleartextUpstreamsPinHttp11AndTlsMayNegotiateH2() throws Exception {
        assertEquals(HttpClient.Version.HTTP_1_1, build(upstream("http://h/v1", ""), headers()).version().orElseThrow());
        assertTrue(build(upstream("https://h/v1", ""), headers()).version().isEmpty(), "the client's default (HTTP/2) applies");
    }

    @Test
    void timeoutIsTheFirstByteTimeout() throws Exception {
        assertEquals(Duration.ofSeconds(3), build(upstream("http://h/v1", ""), headers()).timeout().orElseThrow());
    }

    @Test
    void unusableTargetIsRefusedWithoutLeakingTheUrl() {
        ResolvedCandidate u = upstream("http://h/v1", "{ mode: query, name: key }");
        UpstreamRequests.BadTarget e = assertThrows(UpstreamRequests.BadTarget.class, () ->
                UpstreamRequests.build(request("GET", headers(), "a b", new byte[0], Duration.ofSeconds(1), "r"), u));
        assertEquals(null, e.getMessage());
    }

    @Test
    void upstreamNeverPrintsItsKey() {
        assertFalse(upstream("http://h/v1", "").toString().contains("sk-test"));
    }
}
