package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.proxy.RelayTap;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.RawHttp;
import piapi.support.TestConfig;

/**
 * The accept stage's catch-all: a fault inside piapi becomes a JSON 500 with the request id while nothing
 * was sent, a dropped connection once the response has begun, and in both cases a logged handler failure
 * and an access line; the gateway goes on serving. The fault is planted in a relay tap as an error a tap
 * may not absorb (a VirtualMachineError), which is the one way a test reaches past the stages' own guards.
 */
class CatchAllTest {
    FakeUpstream upstream;
    GatewayHarness piapi;

    void start(RelayTap faulty) throws Exception {
        upstream = FakeUpstream.start((ex, r) -> FakeUpstream.reply(ex, 200, "application/json", "{\"ok\":true,\"pad\":\"" + "x".repeat(64) + "\"}"));
        piapi = GatewayHarness.start(TestConfig.threeAuthModes(upstream.url()));
        piapi.gateway.relayTaps().register("faulty", exchange -> faulty);
    }

    @AfterEach
    void stop() throws Exception {
        if (piapi != null) piapi.close();
        if (upstream != null) upstream.close();
    }

    @Test
    void aFaultBeforeTheResponseIsA500WithTheRequestId() throws Exception {
        start(new RelayTap() {
            @Override
            public void begin(int status, java.net.http.HttpHeaders headers) {
                throw new InternalError("planted fault");
            }

            @Override
            public void chunk(byte[] buffer, int offset, int length) {}
        });
        HttpResponse<String> r = piapi.post("/piapi/codex/chat", TestConfig.ALICE_KEY, "{}");
        assertEquals(500, r.statusCode(), r.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) JsonReader.parseObject(r.body()).get("error");
        assertEquals("internal_error", error.get("code"));
        String id = GatewayHarness.requestId(r);
        assertEquals(id, error.get("request_id"));
        Map<String, Object> line = piapi.log.accessLine(id);
        assertEquals("internal_error", line.get("outcome"));
        assertEquals("InternalError", line.get("error"));
        Map<String, Object> event = piapi.log.await("handler_failed", l -> "handler_failed".equals(l.get("event")));
        assertEquals(id, event.get("request_id"));
        assertEquals(200, piapi.send(piapi.request("/healthz").GET().build()).statusCode(), "still serving");
    }

    @Test
    void aFaultAfterTheResponseBeganDropsTheConnection() throws Exception {
        start(new RelayTap() {
            @Override
            public void chunk(byte[] buffer, int offset, int length) {
                throw new InternalError("planted fault");
            }
        });
        String response;
        try (Socket s = RawHttp.connect(piapi.port())) {
            RawHttp.send(s, "GET /piapi/codex/chat HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestConfig.ALICE_KEY
                    + "\r\nX-Request-ID: fault-1\r\n\r\n");
            response = RawHttp.readRest(s.getInputStream()); // ends when piapi drops the connection
        }
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertFalse(response.contains("internal_error"), "no second answer after the first began: " + response);
        Map<String, Object> line = piapi.log.accessLine("fault-1");
        assertEquals("internal_error", line.get("outcome"));
        assertEquals(200L, line.get("status"));
        assertEquals(200, piapi.send(piapi.request("/healthz").GET().build()).statusCode(), "still serving");
    }
}
