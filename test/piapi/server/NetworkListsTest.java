package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.Ledgers;
import piapi.support.UpstreamGatewayBase;

/**
 * Network lists and trusted proxies on the real server (issue 11): a globally denied client gets 403 before any
 * key is looked at; a user's own list applies after their key; {@code X-Forwarded-For} counts only from a trusted
 * proxy, and the address it gives is the one the lists, the access log, the request log and admin audit events see.
 */
class NetworkListsTest extends UpstreamGatewayBase {
    static final String ALICE = "piapi-alice-key-net-0001";
    static final String BOB = "piapi-bob-key-net-0002";
    static final String ADMIN = "admin-token-for-network-tests";

    void start(String sections, String aliceNetwork) throws Exception {
        upstream = FakeUpstream.json(200, "{\"model\":\"gpt-5\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}");
        piapi = GatewayHarness.start("""
                providers:
                  - name: up
                    apiKeys: { k: sk-up }
                    services:
                      - { type: codex, baseUrl: "%1$s/v1" }
                      - { type: claude_code, baseUrl: "%1$s", auth: { mode: header, name: x-api-key } }
                users:
                  - name: alice
                    apiKey: %2$s
                    services: { codex: { providerName: up, providerKeyName: k }, claude_code: { providerName: up, providerKeyName: k } }
                    network: %3$s
                  - { name: bob, apiKey: %4$s, services: { codex: { providerName: up, providerKeyName: k } } }
                %5$s
                """.formatted(upstream.url(), ALICE, aliceNetwork, BOB, sections), Map.of("PIAPI_ADMIN_TOKEN", ADMIN));
    }

    HttpResponse<String> codex(String key, String forwardedFor) throws Exception {
        HttpRequest.Builder b = piapi.request("/piapi/codex/responses").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5\",\"input\":\"hi\"}"));
        if (forwardedFor != null) b.header("X-Forwarded-For", forwardedFor);
        return piapi.send(b.build());
    }

    static Map<?, ?> error(HttpResponse<String> r) throws Exception {
        return (Map<?, ?>) JsonReader.parseObject(r.body()).get("error");
    }

    @Test
    void aGloballyDeniedClientGets403BeforeAnyKeyIsLookedAt() throws Exception {
        start("network: { deny: [127.0.0.1/32] }", "{}");
        HttpResponse<String> r = codex(ALICE, null);
        assertEquals(403, r.statusCode());
        Map<?, ?> e = error(r);
        assertEquals("request_forbidden", e.get("type"), "OpenAI's envelope on an OpenAI path");
        assertEquals("address_denied", e.get("code"));
        assertEquals("network", e.get("scope"));
        assertTrue(((String) e.get("message")).contains("127.0.0.1"), e.toString());
        assertEquals(GatewayHarness.requestId(r), e.get("request_id"));
        Map<String, Object> line = piapi.log.accessLine(GatewayHarness.requestId(r));
        assertEquals("", line.get("user"), "the valid key was never looked at");
        assertEquals("address_denied", line.get("error"));
        assertEquals("127.0.0.1", line.get("client"));
        HttpResponse<String> noKey = piapi.send(piapi.request("/piapi/claude_code/v1/messages").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(403, noKey.statusCode(), "403, not 401: no key is asked for");
        Map<String, Object> anthropic = JsonReader.parseObject(noKey.body());
        assertEquals("error", anthropic.get("type"));
        assertEquals("permission_error", ((Map<?, ?>) anthropic.get("error")).get("type"), "Anthropic's envelope on a Messages path");
        assertNull(Ledgers.of(piapi, GatewayHarness.requestId(noKey)), "nobody's usage: no ledger line");
        assertEquals(0, upstream.pending(), "nothing went upstream");
    }

    @Test
    void anAllowListAdmitsOnlyTheAddressesInIt() throws Exception {
        start("network: { allow: [10.0.0.0/8, \"fd00::/8\"] }", "{}");
        HttpResponse<String> r = codex(ALICE, null);
        assertEquals(403, r.statusCode());
        assertEquals("address_not_allowed", error(r).get("code"));
    }

    @Test
    void aUsersOwnListAppliesAfterTheirKeyIsKnown() throws Exception {
        start("", "{ deny: [127.0.0.1/32] }");
        HttpResponse<String> alice = codex(ALICE, null);
        assertEquals(403, alice.statusCode());
        Map<?, ?> e = error(alice);
        assertEquals("address_denied", e.get("code"));
        assertEquals("user", e.get("scope"));
        assertEquals("alice", piapi.log.accessLine(GatewayHarness.requestId(alice)).get("user"), "found by her key first");
        LedgerEntry entry = Ledgers.entry(piapi, GatewayHarness.requestId(alice));
        assertEquals("rejected", entry.outcome(), "a refusal is in the ledger, visible");
        assertEquals(403, entry.status());
        assertEquals(0, entry.costNanos());
        assertEquals(200, codex(BOB, null).statusCode(), "bob has no list of his own");
    }

    @Test
    void forwardedForIsIgnoredWithoutTrustedProxies() throws Exception {
        start("network: { deny: [10.9.9.9/32] }", "{}");
        HttpResponse<String> r = codex(BOB, "10.9.9.9");
        assertEquals(200, r.statusCode(), "a client cannot choose its address");
        assertEquals("127.0.0.1", piapi.log.accessLine(GatewayHarness.requestId(r)).get("client"));
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsWhatListsLogsAndAuditEventsSee() throws Exception {
        start("server: { trustedProxies: [127.0.0.1/32] }\nnetwork: { deny: [10.9.9.9/32] }", "{}");
        HttpResponse<String> denied = codex(BOB, "192.0.2.1, 10.9.9.9");
        assertEquals(403, denied.statusCode());
        assertTrue(((String) error(denied).get("message")).contains("10.9.9.9"));
        HttpResponse<String> ok = codex(BOB, "10.9.9.9, 10.1.2.3");
        assertEquals(200, ok.statusCode(), "the right-most untrusted entry is the client, not what it wrote further left");
        assertEquals("10.1.2.3", piapi.log.accessLine(GatewayHarness.requestId(ok)).get("client"));
        HttpResponse<String> logs = piapi.send(piapi.request("/piadmin/api/logs?request_id=" + GatewayHarness.requestId(ok))
                .header("Authorization", "Bearer " + ADMIN).GET().build());
        List<?> entries = (List<?>) JsonReader.parseObject(logs.body()).get("logs");
        assertEquals("10.1.2.3", ((Map<?, ?>) entries.get(0)).get("client"), "the request log");
        HttpResponse<String> wrong = piapi.send(piapi.request("/piadmin/api/status").header("Authorization", "Bearer not-the-admin-token")
                .header("X-Forwarded-For", "203.0.113.9").GET().build());
        assertEquals(401, wrong.statusCode());
        Map<String, Object> event = piapi.log.await("admin_auth_failed", l -> "admin_auth_failed".equals(l.get("event")));
        assertEquals("203.0.113.9", event.get("client"), "audit events name the forwarded client");
    }

    @Test
    void ipv6ClientsBehindATrustedProxyMeetTheGlobalListsAndTheUsersOwn() throws Exception {
        start("server: { trustedProxies: [127.0.0.1/32] }\nnetwork: { allow: [10.0.0.0/8, \"2001:db8::/32\"] }",
                "{ deny: [\"2001:db8:bad::/48\"] }");
        HttpResponse<String> ok = codex(BOB, "2001:db8::7");
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(String.valueOf(piapi.log.accessLine(GatewayHarness.requestId(ok)).get("client")).startsWith("2001:db8:"),
                "the forwarded IPv6 client is the one logged");
        HttpResponse<String> outside = codex(BOB, "2001:db9::1");
        assertEquals(403, outside.statusCode());
        assertEquals("address_not_allowed", error(outside).get("code"));
        assertEquals("network", error(outside).get("scope"));
        HttpResponse<String> alice = codex(ALICE, "2001:db8:bad::1");
        assertEquals(403, alice.statusCode());
        assertEquals("address_denied", error(alice).get("code"));
        assertEquals("user", error(alice).get("scope"), "her own list, after her key");
        assertEquals(200, codex(ALICE, "10.1.2.3").statusCode(), "an IPv4 client in the global allow list");
        assertEquals(200, codex(ALICE, "2001:db8:1::1").statusCode());
    }
}
